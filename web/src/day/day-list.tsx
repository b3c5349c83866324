import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryList } from '../app/query-list';
import { useClinicTime } from '../time/use-clinic-time';
import { AppointmentStatus } from './appointment-status';
import { dayAppointmentsQuery } from './day-queries';

/** Today's appointments, by time, each opening its consultation. */
export function DayList({ councilNumber }: { councilNumber: string }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const list = useQuery(dayAppointmentsQuery(councilNumber, time.today));
  return (
    <Stack component="section" aria-labelledby="day-list" gap="sm">
      <Title order={2} size="h3" id="day-list">
        {t('day.list.title')}
      </Title>
      <QueryList query={list} empty={t('day.list.empty')}>
        {(appointment) => (
          <Card key={appointment.id} withBorder radius="sm" padding="sm">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Group gap="sm" wrap="nowrap">
                <Text fw={700} miw={72}>
                  {time.time(appointment.startsAt)}
                </Text>
                <Stack gap={0}>
                  <Anchor component={Link} to={`/day/appointments/${appointment.id}`}>
                    {appointment.patient.name}
                  </Anchor>
                  {appointment.reason && (
                    <Text size="sm" c="dimmed" lineClamp={1}>
                      {appointment.reason}
                    </Text>
                  )}
                </Stack>
              </Group>
              <Group gap="xs">
                {appointment.ticket && (
                  <Text size="sm" fw={600}>
                    {appointment.ticket}
                  </Text>
                )}
                <AppointmentStatus status={appointment.status} />
              </Group>
            </Group>
          </Card>
        )}
      </QueryList>
    </Stack>
  );
}
