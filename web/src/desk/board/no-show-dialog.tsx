import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../app/problem-alert';
import { useClinicTime } from '../../time/use-clinic-time';
import { boardActions, useAppointmentAction } from './board-actions';
import type { BoardAppointment } from './board-types';

/** A no-show cannot be undone: the desk confirms it first. */
export function NoShowDialog({
  appointment,
  onClose,
}: {
  appointment: BoardAppointment;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { time } = useClinicTime();
  const noShow = useAppointmentAction(boardActions.noShow);
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('desk.noShow.title', { name: appointment.patient.name })}
      closeButtonProps={{ 'aria-label': t('desk.noShow.back') }}
    >
      <Stack>
        <Text>{t('desk.noShow.body', { time: time(appointment.startsAt) })}</Text>
        {noShow.error && <ProblemAlert error={noShow.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('desk.noShow.back')}
          </Button>
          <Button
            color="red"
            loading={noShow.isPending}
            onClick={() => noShow.mutate({ id: appointment.id }, { onSuccess: onClose })}
          >
            {t('desk.noShow.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
