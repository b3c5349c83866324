import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../app/confirm-dialog';
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
    <ConfirmDialog
      title={t('desk.noShow.title', { name: appointment.patient.name })}
      body={t('desk.noShow.body', { time: time(appointment.startsAt) })}
      keep={t('desk.noShow.back')}
      confirm={t('desk.noShow.confirm')}
      error={noShow.error}
      pending={noShow.isPending}
      onConfirm={() => noShow.mutate({ id: appointment.id }, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}
