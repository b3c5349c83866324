import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../app/status-badge';
import type { Appointment } from './day-queries';

const colors = {
  scheduled: 'gray',
  checked_in: 'blue',
  in_progress: 'blue',
  finished: 'green',
  cancelled: 'red',
  no_show: 'red',
} as const;

/** An appointment's state in the words the patients' pages use too. */
export function AppointmentStatus({ status }: { status: Appointment['status'] }) {
  const { t } = useTranslation();
  return <StatusBadge color={colors[status]}>{t(`appointments.status.${status}`)}</StatusBadge>;
}
