import { Anchor, Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import type { Ok } from '../api/types';
import { ProblemAlert } from '../app/problem-alert';
import { StatusBadge } from '../app/status-badge';

type Prescription = Ok<'/api/v1/prescriptions/{id}', 'get'>;

/** The prescriptions issued in this consultation: the PDF to print, and revoke a mistaken one. */
export function IssuedPrescriptions({
  prescriptions,
  onChange,
}: {
  prescriptions: Prescription[];
  onChange: (prescriptions: Prescription[]) => void;
}) {
  const { t } = useTranslation();
  const [revoking, setRevoking] = useState<Prescription>();
  if (!prescriptions.length) return null;
  return (
    <>
      <List spacing="xs" aria-label={t('day.prescription.issuedList')}>
        {prescriptions.map((prescription) => (
          <List.Item key={prescription.id}>
            <Group gap="xs" wrap="wrap">
              <Text size="sm">{prescription.items.map((item) => item.drug).join(', ')}</Text>
              <StatusBadge color={prescription.status === 'valid' ? 'green' : 'red'}>
                {t(`day.prescription.${prescription.status}`)}
              </StatusBadge>
              <Anchor
                href={`/api/v1/prescriptions/${prescription.id}/pdf`}
                target="_blank"
                size="sm"
              >
                {t('day.prescription.openPdf')}
              </Anchor>
              {prescription.status === 'valid' && (
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  onClick={() => setRevoking(prescription)}
                >
                  {t('day.prescription.revoke')}
                </Button>
              )}
            </Group>
          </List.Item>
        ))}
      </List>
      {revoking && (
        <RevokeDialog
          prescription={revoking}
          onClose={() => setRevoking(undefined)}
          onRevoked={(revoked) => {
            setRevoking(undefined);
            onChange(prescriptions.map((p) => (p.id === revoked.id ? revoked : p)));
          }}
        />
      )}
    </>
  );
}

function RevokeDialog({
  prescription,
  onClose,
  onRevoked,
}: {
  prescription: Prescription;
  onClose: () => void;
  onRevoked: (prescription: Prescription) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const revoke = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/prescriptions/{id}/revoke', {
          params: { path: { id: prescription.id } },
          body: { reason },
        }),
      ),
    onSuccess: onRevoked,
  });
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('day.prescription.keep') }}
      opened
      onClose={onClose}
      title={t('day.prescription.revokeTitle')}
    >
      <Stack gap="md">
        <TextInput
          label={t('day.prescription.revokeReason')}
          value={reason}
          maxLength={500}
          onChange={(event) => setReason(event.currentTarget.value)}
          data-autofocus
        />
        {revoke.error && <ProblemAlert error={revoke.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('day.prescription.keep')}
          </Button>
          <Button
            color="red"
            disabled={!reason.trim()}
            loading={revoke.isPending}
            onClick={() => revoke.mutate()}
          >
            {t('day.prescription.revokeConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
