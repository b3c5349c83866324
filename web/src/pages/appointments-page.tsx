import { Button, Card, Group, Modal, Stack, Tabs, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { AppointmentActions } from '../booking/appointment-actions';
import type { ItemOf } from '../api/types';
import { ProblemAlert } from '../app/problem-alert';
import { QueryList } from '../app/query-list';
import { StatusBadge } from '../app/status-badge';
import { meQuery } from '../session/queries';
import { useClinicTime } from '../time/use-clinic-time';

type Appointment = ItemOf<'/api/v1/patients/{registerNumber}/appointments'>;
type When = 'upcoming' | 'past';

/** The patient's appointments: the ones ahead, which they may cancel, and the ones behind. */
export function AppointmentsPage() {
  const { t } = useTranslation();
  const me = useQuery(meQuery);
  const [params, setParams] = useSearchParams();
  const tab: When = params.get('tab') === 'past' ? 'past' : 'upcoming';
  const registerNumber = me.data?.registerNumber;
  if (!registerNumber) return null;
  return (
    <Stack maw={960} mx="auto" gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {t('appointments.title')}
        </Title>
        <Button component={Link} to="/book">
          {t('appointments.book')}
        </Button>
      </Group>
      <Tabs
        value={tab}
        onChange={(value) => setParams(value === 'past' ? { tab: 'past' } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="upcoming">{t('appointments.upcoming')}</Tabs.Tab>
          <Tabs.Tab value="past">{t('appointments.past')}</Tabs.Tab>
        </Tabs.List>
        {(['upcoming', 'past'] as const).map((when) => (
          <Tabs.Panel key={when} value={when} pt="md">
            <AppointmentList registerNumber={registerNumber} when={when} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

function AppointmentList({ registerNumber, when }: { registerNumber: string; when: When }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['appointments', registerNumber, when],
    queryFn: () =>
      call(
        api.GET('/api/v1/patients/{registerNumber}/appointments', {
          params: { path: { registerNumber }, query: { when, page: 1, pageSize: 50 } },
        }),
      ),
  });
  const [cancelling, setCancelling] = useState<Appointment>();
  return (
    <Stack gap="sm">
      <QueryList
        query={list}
        empty={t(when === 'upcoming' ? 'appointments.noneUpcoming' : 'appointments.nonePast')}
      >
        {(appointment) => (
          <AppointmentCard
            key={appointment.id}
            appointment={appointment}
            onCancel={when === 'upcoming' ? () => setCancelling(appointment) : undefined}
          />
        )}
      </QueryList>
      {cancelling && (
        <CancelDialog appointment={cancelling} onClose={() => setCancelling(undefined)} />
      )}
    </Stack>
  );
}

function AppointmentCard({
  appointment,
  onCancel,
}: {
  appointment: Appointment;
  onCancel?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const time = useClinicTime();
  return (
    <Card withBorder radius="md" padding="md">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={2}>
          <Text fw={600}>{time.dateTime(appointment.startsAt)}</Text>
          <Text size="sm">
            {appointment.professional.name} · {appointment.professional.specialty}
          </Text>
          {appointment.cancelReason && (
            <Text size="sm" c="dimmed">
              {t('appointments.cancelReasonShown', { reason: appointment.cancelReason })}
            </Text>
          )}
        </Stack>
        <Group gap="xs">
          <StatusBadge color={appointment.status === 'cancelled' ? 'gray' : 'blue'}>
            {t(`appointments.status.${appointment.status}`)}
          </StatusBadge>
        </Group>
      </Group>
      {onCancel && appointment.status === 'scheduled' && (
        <AppointmentActions appointmentId={appointment.id} onCancel={onCancel} size="xs" />
      )}
    </Card>
  );
}

function CancelDialog({ appointment, onClose }: { appointment: Appointment; onClose: () => void }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const queries = useQueryClient();
  const [reason, setReason] = useState('');
  const cancel = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/appointments/{id}/cancel', {
          params: { path: { id: appointment.id } },
          body: reason.trim() ? { reason: reason.trim() } : {},
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['appointments'] });
      onClose();
    },
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('appointments.cancelTitle')}
      closeButtonProps={{ 'aria-label': t('appointments.keep') }}
      centered
    >
      <Stack>
        <Text>
          {time.dateTime(appointment.startsAt)} · {appointment.professional.name}
        </Text>
        {cancel.error && <ProblemAlert error={cancel.error} />}
        <Textarea
          label={t('appointments.cancelReason')}
          value={reason}
          maxLength={500}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('appointments.keep')}
          </Button>
          <Button color="red" loading={cancel.isPending} onClick={() => cancel.mutate()}>
            {t('appointments.cancelConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
