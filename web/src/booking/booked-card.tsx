import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Ok } from '../api/types';
import { useClinicTime } from '../time/use-clinic-time';
import { AddToCalendar } from './appointment-actions';

type Appointment = Ok<'/api/v1/appointments', 'post'>;

/**
 * What is seen once an appointment is booked (or moved): when, with whom, and what next, which
 * for a patient is "add to calendar" and their list, and for the desk its own `actions`.
 */
export function BookedCard({
  appointment,
  title,
  withPatient = false,
  badge,
  actions,
}: {
  appointment: Appointment;
  title: string;
  /** Names the patient too (the desk books for someone else). */
  withPatient?: boolean;
  badge?: ReactNode;
  actions?: ReactNode;
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
          {withPatient && `${appointment.patient.name} · `}
          {appointment.professional.name} · {appointment.professional.specialty}
        </Text>
        {badge && <Group>{badge}</Group>}
        <Group gap="sm" mt="xs">
          {actions ?? (
            <>
              <AddToCalendar appointmentId={appointment.id} variant="filled" />
              <Anchor component={Link} to="/appointments">
                {t('booking.seeAppointments')}
              </Anchor>
            </>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
