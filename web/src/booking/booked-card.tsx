import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Ok } from '../api/types';
import { useClinicTime } from '../time/use-clinic-time';
import { AddToCalendar } from './appointment-actions';

type Appointment = Ok<'/api/v1/appointments', 'post'>;

/** What a patient sees once booked (or moved): when, with whom, and "add to calendar". */
export function BookedCard({ appointment, title }: { appointment: Appointment; title: string }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  return (
    // A card in the page's own colours: text on a tinted ground would fall under 4.5:1.
    <Card
      withBorder
      radius="md"
      padding="lg"
      role="status"
      style={{ borderColor: 'var(--mantine-color-green-8)', borderWidth: 2 }}
    >
      <Stack gap="xs">
        <Title order={2} size="h3">
          ✓ {title}
        </Title>
        <Text fw={600} size="lg">
          {time.dateTime(appointment.startsAt)}
        </Text>
        <Text>
          {appointment.professional.name} · {appointment.professional.specialty}
        </Text>
        <Group gap="sm" mt="xs">
          <AddToCalendar appointmentId={appointment.id} variant="filled" />
          <Anchor component={Link} to="/appointments">
            {t('booking.seeAppointments')}
          </Anchor>
        </Group>
      </Stack>
    </Card>
  );
}
