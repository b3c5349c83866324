import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { ProblemAlert } from '../app/problem-alert';
import { useClinicTime } from '../time/use-clinic-time';
import type { ListedAppointment } from './appointment-card';

/** Cancelling an appointment, with an optional reason; `notice` says what follows (the desk's). */
export function CancelAppointmentDialog({
  appointment,
  notice,
  onClose,
}: {
  appointment: ListedAppointment;
  notice?: string | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const queries = useQueryClient();
  const [reason, setReason] = useState('');
  const cancel = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/appointments/{id}/cancel', {
          params: { path: { id: appointment.id } },
          body: reason.trim() ? { reason: reason.trim() } : {},
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['appointments'] });
      // The time it held is free again.
      await queries.invalidateQueries({ queryKey: ['slots'] });
      onClose();
    },
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('appointments.cancelTitle')}
      closeButtonProps={{ 'aria-label': t('appointments.keep') }}
      centered
    >
      <Stack>
        <Text>
          {time.dateTime(appointment.startsAt)} · {appointment.professional.name}
        </Text>
        {notice && (
          <Text size="sm" c="dimmed">
            {notice}
          </Text>
        )}
        {cancel.error && <ProblemAlert error={cancel.error} />}
        <Textarea
          label={t('appointments.cancelReason')}
          value={reason}
          maxLength={500}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('appointments.keep')}
          </Button>
          <Button color="red" loading={cancel.isPending} onClick={() => cancel.mutate()}>
            {t('appointments.cancelConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
