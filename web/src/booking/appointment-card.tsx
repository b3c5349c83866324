import { Card, Group, Stack, Text, type CardProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemOf } from '../api/types';
import { StatusBadge } from '../app/status-badge';
import { useClinicTime } from '../time/use-clinic-time';

export type ListedAppointment = ItemOf<'/api/v1/patients/{registerNumber}/appointments'>;

const statusColor = {
  scheduled: 'blue',
  checked_in: 'green',
  in_progress: 'green',
  finished: 'gray',
  cancelled: 'gray',
  no_show: 'red',
} as const;

/**
 * One appointment in a patient's list: when, with whom, why it was cancelled and its status;
 * the patient's and the desk's lists add their own `details`, `badge` and `actions`.
 */
export function AppointmentCard({
  appointment,
  details,
  badge,
  actions,
  padding = 'md',
}: {
  appointment: ListedAppointment;
  details?: ReactNode;
  badge?: ReactNode;
  actions?: ReactNode;
  padding?: CardProps['padding'];
}) {
  const { t } = useTranslation();
  const time = useClinicTime();
  return (
    <Card withBorder radius="md" padding={padding}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={2}>
          <Text fw={600}>{time.dateTime(appointment.startsAt)}</Text>
          <Text size="sm">
            {appointment.professional.name} · {appointment.professional.specialty}
          </Text>
          {details}
          {appointment.cancelReason && (
            <Text size="sm" c="dimmed">
              {t('appointments.cancelReasonShown', { reason: appointment.cancelReason })}
            </Text>
          )}
        </Stack>
        <Group gap="xs">
          {badge}
          <StatusBadge color={statusColor[appointment.status]}>
            {t(`appointments.status.${appointment.status}`)}
          </StatusBadge>
        </Group>
      </Group>
      {actions}
    </Card>
  );
}
