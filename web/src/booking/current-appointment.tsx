import { Card, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useClinicTime } from '../time/use-clinic-time';

/** The appointment being moved, as it is now: shown above the choice of its new time. */
export function CurrentAppointment({
  appointment,
}: {
  appointment: { startsAt: string; professional: { name: string; specialty: string } };
}) {
  const { t } = useTranslation();
  const time = useClinicTime();
  return (
    <Card withBorder radius="md" padding="md">
      <Text size="sm" c="dimmed">
        {t('reschedule.current')}
      </Text>
      <Text fw={600}>{time.dateTime(appointment.startsAt)}</Text>
      <Text size="sm">
        {appointment.professional.name} · {appointment.professional.specialty}
      </Text>
    </Card>
  );
}
