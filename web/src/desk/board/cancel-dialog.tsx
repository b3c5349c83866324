import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../app/problem-alert';
import { useClinicTime } from '../../time/use-clinic-time';
import { boardActions, useAppointmentAction } from './board-actions';
import type { BoardAppointment } from './board-types';

/** Cancelling at the desk: the API takes the reason as optional, the desk always gives one. */
export function CancelDialog({
  appointment,
  onClose,
}: {
  appointment: BoardAppointment;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { time } = useClinicTime();
  const phone = useMediaQuery('(max-width: 36em)');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const cancel = useAppointmentAction(boardActions.cancel);
  const submit = () => {
    const trimmed = reason.trim();
    if (!trimmed) {
      setMissing(true);
      return;
    }
    cancel.mutate({ id: appointment.id, reason: trimmed }, { onSuccess: onClose });
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('desk.cancel.title', { name: appointment.patient.name })}
      closeButtonProps={{ 'aria-label': t('appointments.keep') }}
      fullScreen={phone}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack>
          <Text c="dimmed">
            {t('desk.cancel.body', {
              time: time(appointment.startsAt),
              professional: appointment.professional.name,
            })}
          </Text>
          <Textarea
            label={t('desk.cancel.reason')}
            description={t('desk.cancel.reasonHint')}
            required
            autosize
            minRows={2}
            maxLength={500}
            value={reason}
            error={missing ? t('desk.cancel.reasonRequired') : undefined}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setMissing(false);
            }}
            data-autofocus
          />
          {cancel.error && <ProblemAlert error={cancel.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('appointments.keep')}
            </Button>
            <Button type="submit" color="red" loading={cancel.isPending}>
              {t('appointments.cancelConfirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
