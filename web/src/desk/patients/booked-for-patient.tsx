import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Ok } from '../../api/types';
import { StatusBadge } from '../../app/status-badge';
import { BookedCard } from '../../booking/booked-card';

type Appointment = Ok<'/api/v1/appointments', 'post'>;

/** What the desk sees once a patient is booked or moved: the patient's record, or another time. */
export function BookedForPatient({
  appointment,
  title,
  onAnother,
}: {
  appointment: Appointment;
  title: string;
  onAnother: () => void;
}) {
  const { t } = useTranslation();
  return (
    <BookedCard
      appointment={appointment}
      title={title}
      withPatient
      badge={appointment.forced && <StatusBadge color="red">{t('deskPatients.extra')}</StatusBadge>}
      actions={
        <>
          <Button component={Link} to={`/desk/patients/${appointment.patient.registerNumber}`}>
            {t('deskPatients.book.openRecord')}
          </Button>
          <Button variant="default" onClick={onAnother}>
            {t('deskPatients.book.another')}
          </Button>
        </>
      }
    />
  );
}
