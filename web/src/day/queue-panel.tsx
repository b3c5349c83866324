import { Anchor, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { ProblemAlert } from '../app/problem-alert';
import { StatusBadge } from '../app/status-badge';
import { useClinicTime } from '../time/use-clinic-time';
import type { QueueSnapshot } from './day-queries';
import { useLiveQueue, type LiveStatus } from './queue-stream';

/** Who is waiting (live) and who is in the room, with the big "Call next". */
export function QueuePanel({ councilNumber }: { councilNumber: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { query, status } = useLiveQueue(councilNumber);
  const callNext = useMutation({
    mutationFn: () =>
      call(api.POST('/api/v1/queue/{councilNumber}/next', { params: { path: { councilNumber } } })),
    onSuccess: (appointment) => {
      void client.invalidateQueries({ queryKey: ['appointments'] });
      void navigate(`/day/appointments/${appointment.id}`);
    },
  });
  const queue = query.data;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="queue-title">
      <Stack gap="md">
        <Group justify="space-between" align="baseline">
          <Title order={2} size="h3" id="queue-title">
            {t('day.queue.title')}
          </Title>
          <LiveLabel status={status} />
        </Group>
        <Button
          size="xl"
          fullWidth
          onClick={() => callNext.mutate()}
          loading={callNext.isPending}
          disabled={!queue?.waiting.length}
        >
          {t('day.queue.callNext')}
        </Button>
        {callNext.error && <ProblemAlert error={callNext.error} />}
        {query.error ? (
          <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
        ) : !queue ? (
          <Loader aria-label={t('app.loading')} />
        ) : (
          <QueueContents queue={queue} />
        )}
      </Stack>
    </Card>
  );
}

function LiveLabel({ status }: { status: LiveStatus }) {
  const { t } = useTranslation();
  return (
    <div aria-live="polite">
      {status === 'live' ? (
        <StatusBadge color="green">{t('day.queue.live')}</StatusBadge>
      ) : (
        <Text size="sm" c="dimmed">
          {t(`day.queue.${status}`)}
        </Text>
      )}
    </div>
  );
}

function QueueContents({ queue }: { queue: QueueSnapshot }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const room = queue.inProgress;
  return (
    <Stack gap="md">
      <Stack gap={4} component="section" aria-labelledby="in-room">
        <Title order={3} size="h5" id="in-room">
          {t('day.queue.inRoom')}
        </Title>
        {room ? (
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text>
              <Text span fw={700}>
                {room.ticket}
              </Text>{' '}
              {room.patientName}
              <Text span c="dimmed" size="sm">
                {' · '}
                {t('day.queue.calledAt', { time: time.time(room.calledAt) })}
              </Text>
            </Text>
            <Anchor component={Link} to={`/day/appointments/${room.appointmentId}`}>
              {t('day.queue.openConsultation')}
            </Anchor>
          </Group>
        ) : (
          <Text c="dimmed">{t('day.queue.nobodyInRoom')}</Text>
        )}
      </Stack>
      <Stack gap={4} component="section" aria-labelledby="waiting">
        <Title order={3} size="h5" id="waiting">
          {t('day.queue.waiting', { count: queue.waiting.length })}
        </Title>
        {queue.waiting.length === 0 ? (
          <Text c="dimmed">{t('day.queue.nobodyWaiting')}</Text>
        ) : (
          <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
            {queue.waiting.map((entry) => (
              <Card key={entry.appointmentId} component="li" withBorder padding="sm" radius="sm">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Stack gap={0}>
                    <Text>
                      <Text span c="dimmed" size="sm">
                        {t('day.queue.position', { position: entry.position })}
                      </Text>{' '}
                      <Text span fw={700}>
                        {entry.ticket}
                      </Text>{' '}
                      <Anchor component={Link} to={`/day/appointments/${entry.appointmentId}`}>
                        {entry.patientName}
                      </Anchor>
                    </Text>
                    <Text size="sm" c="dimmed">
                      {t('day.queue.arrived', { time: time.time(entry.checkedInAt) })}
                      {' · '}
                      {entry.estimatedWaitMinutes > 0
                        ? t('day.queue.wait', { count: entry.estimatedWaitMinutes })
                        : t('day.queue.nextInLine')}
                    </Text>
                  </Stack>
                  {entry.priority && (
                    <StatusBadge color="red">{t('day.queue.priority')}</StatusBadge>
                  )}
                </Group>
              </Card>
            ))}
          </Stack>
        )}
      </Stack>
    </Stack>
  );
}
