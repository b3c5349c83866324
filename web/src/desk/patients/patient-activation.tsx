import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ProblemAlert } from '../../app/problem-alert';
import { patientQuery } from '../../pages/profile/patient-query';
import type { Patient } from './patient-form';

/**
 * Deactivating a patient (no sign-in, out of the lists; nothing is deleted) or reactivating
 * one: each after a confirmation that says what it does.
 */
export function PatientActivation({ patient }: { patient: Patient }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const { registerNumber } = patient;
  const change = useMutation({
    mutationFn: async () => {
      if (patient.active) {
        await call(
          api.DELETE('/api/v1/patients/{registerNumber}', {
            params: { path: { registerNumber } },
          }),
        );
        return { ...patient, active: false };
      }
      return call(
        api.POST('/api/v1/patients/{registerNumber}/reactivate', {
          params: { path: { registerNumber } },
        }),
      );
    },
    onSuccess: async (changed) => {
      queries.setQueryData(patientQuery(registerNumber).queryKey, changed);
      setConfirming(false);
      await queries.invalidateQueries({ queryKey: ['patients'] });
    },
  });
  const key = patient.active ? 'deactivate' : 'reactivate';
  const close = () => {
    setConfirming(false);
    change.reset();
  };
  return (
    <>
      <Button
        variant={patient.active ? 'default' : 'filled'}
        color={patient.active ? 'red' : undefined}
        onClick={() => setConfirming(true)}
      >
        {t(`deskPatients.${key}.button`)}
      </Button>
      <Modal
        opened={confirming}
        onClose={close}
        title={t(`deskPatients.${key}.title`, { name: patient.name })}
        closeButtonProps={{ 'aria-label': t('deskPatients.keepAsIs') }}
        centered
      >
        <Stack>
          <Text>{t(`deskPatients.${key}.body`)}</Text>
          {change.error && <ProblemAlert error={change.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('deskPatients.keepAsIs')}
            </Button>
            <Button
              color={patient.active ? 'red' : undefined}
              loading={change.isPending}
              onClick={() => change.mutate()}
            >
              {t(`deskPatients.${key}.confirm`)}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
