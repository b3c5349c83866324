import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusBadge } from '../../app/status-badge';
import { AppointmentCard, type ListedAppointment } from '../../booking/appointment-card';
import { AppointmentList, AppointmentTabs, type When } from '../../booking/appointment-list';
import { useClinicTime } from '../../time/use-clinic-time';

/** A patient's appointments ahead (to move or cancel) and behind, as the desk sees them. */
export function PatientAppointments({ registerNumber }: { registerNumber: string }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<When>('upcoming');
  return (
    <AppointmentTabs tab={tab} onChange={setTab}>
      {(when) => (
        <AppointmentList
          registerNumber={registerNumber}
          when={when}
          empty={t(when === 'upcoming' ? 'deskPatients.noneUpcoming' : 'deskPatients.nonePast')}
          cancelNotice={t('deskPatients.cancelNotice')}
          card={(appointment, onCancel) => (
            <AppointmentCard
              key={appointment.id}
              appointment={appointment}
              padding="sm"
              details={
                appointment.ticket && (
                  <Text size="sm">{t('deskPatients.ticket', { ticket: appointment.ticket })}</Text>
                )
              }
              badge={
                appointment.forced && (
                  <StatusBadge color="red">{t('deskPatients.extra')}</StatusBadge>
                )
              }
              actions={
                appointment.status === 'scheduled' && (
                  <DeskActions
                    appointment={appointment}
                    registerNumber={registerNumber}
                    onCancel={onCancel}
                  />
                )
              }
            />
          )}
        />
      )}
    </AppointmentTabs>
  );
}

/** Move or cancel, each named with the appointment's time: a record lists several. */
function DeskActions({
  appointment,
  registerNumber,
  onCancel,
}: {
  appointment: ListedAppointment;
  registerNumber: string;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const when = time.dateTime(appointment.startsAt);
  return (
    <Group gap="xs" mt="sm">
      <Button
        size="xs"
        variant="default"
        component={Link}
        to={`/desk/book?patient=${registerNumber}&reschedule=${appointment.id}`}
        aria-label={t('deskPatients.rescheduleOn', { when })}
      >
        {t('appointments.reschedule')}
      </Button>
      <Button
        size="xs"
        variant="default"
        onClick={onCancel}
        aria-label={t('deskPatients.cancelOn', { when })}
      >
        {t('appointments.cancel')}
      </Button>
    </Group>
  );
}
