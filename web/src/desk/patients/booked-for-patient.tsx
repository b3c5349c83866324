import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Ok } from '../../api/types';
import { StatusBadge } from '../../app/status-badge';
import { useClinicTime } from '../../time/use-clinic-time';

type Appointment = Ok<'/api/v1/appointments', 'post'>;

/** What the desk sees once a patient is booked or moved: when, with whom, and what next. */
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
          {appointment.patient.name} · {appointment.professional.name} ·{' '}
          {appointment.professional.specialty}
        </Text>
        {appointment.forced && (
          <Group>
            <StatusBadge color="red">{t('deskPatients.extra')}</StatusBadge>
          </Group>
        )}
        <Group gap="sm" mt="xs">
          <Button component={Link} to={`/desk/patients/${appointment.patient.registerNumber}`}>
            {t('deskPatients.book.openRecord')}
          </Button>
          <Button variant="default" onClick={onAnother}>
            {t('deskPatients.book.another')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
