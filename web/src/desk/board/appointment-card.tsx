import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ProblemAlert } from '../../app/problem-alert';
import { StatusBadge } from '../../app/status-badge';
import { useClinicTime } from '../../time/use-clinic-time';
import { boardActions, useAppointmentAction } from './board-actions';
import type { BoardAppointment, WaitingEntry } from './board-types';
import { CancelDialog } from './cancel-dialog';
import { CheckInDialog } from './check-in-dialog';
import { NoShowDialog } from './no-show-dialog';
import { minutesSince } from './waited';

type Dialog = 'checkIn' | 'cancel' | 'noShow';

/** One appointment on the board: what the desk needs to know of it now, and its next moves. */
export function AppointmentCard({
  appointment,
  queue,
  now,
}: {
  appointment: BoardAppointment;
  /** Its place in the queue, when it waits today. */
  queue?: WaitingEntry;
  /** The server's clock now (ms), for minutes waiting. */
  now: number;
}) {
  const { t } = useTranslation();
  const { time } = useClinicTime();
  const nameId = useId();
  const [dialog, setDialog] = useState<Dialog>();
  const callIn = useAppointmentAction(boardActions.call);
  const { status } = appointment;
  const close = () => setDialog(undefined);
  return (
    <Paper component="article" withBorder p="sm" radius="md" aria-labelledby={nameId}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
          <Text fw={600} id={nameId} style={{ overflowWrap: 'anywhere' }}>
            {appointment.patient.name}
          </Text>
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {time(appointment.startsAt)}
          </Text>
        </Group>
        {(appointment.ticket || appointment.priority > 0) && (
          <Group gap={6}>
            {appointment.ticket && (
              <StatusBadge color="blue">
                {t('desk.card.ticket', { ticket: appointment.ticket })}
              </StatusBadge>
            )}
            {appointment.priority > 0 && (
              <StatusBadge color="red">
                {t('desk.priority.badge', {
                  reason: t(`desk.priority.${appointment.priorityReason ?? 'other'}`, {
                    defaultValue: t('desk.priority.other'),
                  }),
                })}
              </StatusBadge>
            )}
          </Group>
        )}
        <Facts appointment={appointment} queue={queue} now={now} />
        {callIn.error && <ProblemAlert error={callIn.error} />}
        {(status === 'scheduled' || status === 'checked_in') && (
          <Group
            gap="xs"
            role="group"
            aria-label={t('desk.card.actions', { name: appointment.patient.name })}
          >
            {status === 'scheduled' ? (
              <Button size="xs" onClick={() => setDialog('checkIn')}>
                {t('desk.card.checkIn')}
              </Button>
            ) : (
              <Button
                size="xs"
                loading={callIn.isPending}
                onClick={() => callIn.mutate({ id: appointment.id })}
              >
                {t('desk.card.call')}
              </Button>
            )}
            {status === 'scheduled' && (
              <Button
                size="xs"
                variant="default"
                component={Link}
                to={`/desk/book?reschedule=${appointment.id}`}
              >
                {t('desk.card.reschedule')}
              </Button>
            )}
            {/* The API takes a no-show only once the time has come: the patient may still come. */}
            {status === 'scheduled' && Date.parse(appointment.startsAt) <= now && (
              <Button size="xs" variant="default" onClick={() => setDialog('noShow')}>
                {t('desk.card.noShow')}
              </Button>
            )}
            <Button size="xs" variant="default" c="red.9" onClick={() => setDialog('cancel')}>
              {t('desk.card.cancel')}
            </Button>
          </Group>
        )}
      </Stack>
      {dialog === 'checkIn' && <CheckInDialog appointment={appointment} onClose={close} />}
      {dialog === 'cancel' && <CancelDialog appointment={appointment} onClose={close} />}
      {dialog === 'noShow' && <NoShowDialog appointment={appointment} onClose={close} />}
    </Paper>
  );
}

/** The line or two under the name that say where the appointment stands. */
function Facts({
  appointment,
  queue,
  now,
}: {
  appointment: BoardAppointment;
  queue?: WaitingEntry;
  now: number;
}) {
  const { t } = useTranslation();
  const { time } = useClinicTime();
  const lines: string[] = [];
  if (appointment.status === 'checked_in') {
    if (queue) lines.push(t('desk.card.position', { position: queue.position }));
    if (appointment.checkedInAt) {
      lines.push(t('desk.card.waited', { count: minutesSince(appointment.checkedInAt, now) }));
    }
    if (queue) lines.push(t('desk.card.estimate', { count: queue.estimatedWaitMinutes }));
  }
  if (appointment.status === 'in_progress' && appointment.calledAt) {
    lines.push(t('desk.card.inSince', { time: time(appointment.calledAt) }));
  }
  if (appointment.status === 'finished' && appointment.finishedAt) {
    lines.push(t('desk.card.finishedAt', { time: time(appointment.finishedAt) }));
  }
  if (appointment.status === 'cancelled' && appointment.cancelReason) {
    lines.push(t('appointments.cancelReasonShown', { reason: appointment.cancelReason }));
  }
  if (!lines.length) return null;
  return (
    <Stack gap={0}>
      {lines.map((line) => (
        <Text key={line} size="sm">
          {line}
        </Text>
      ))}
    </Stack>
  );
}
