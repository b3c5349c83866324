import { Button, Card, Group, Modal, Stack, Tabs, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import type { ItemOf } from '../../api/types';
import { ProblemAlert } from '../../app/problem-alert';
import { QueryList } from '../../app/query-list';
import { StatusBadge } from '../../app/status-badge';
import { useClinicTime } from '../../time/use-clinic-time';
import { patientAppointmentsQuery } from './desk-queries';

type Appointment = ItemOf<'/api/v1/patients/{registerNumber}/appointments'>;
type When = 'upcoming' | 'past';

/** A patient's appointments ahead (to move or cancel) and behind, as the desk sees them. */
export function PatientAppointments({ registerNumber }: { registerNumber: string }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<When>('upcoming');
  return (
    <Tabs value={tab} onChange={(value) => setTab(value === 'past' ? 'past' : 'upcoming')}>
      <Tabs.List>
        <Tabs.Tab value="upcoming">{t('appointments.upcoming')}</Tabs.Tab>
        <Tabs.Tab value="past">{t('appointments.past')}</Tabs.Tab>
      </Tabs.List>
      {(['upcoming', 'past'] as const).map((when) => (
        <Tabs.Panel key={when} value={when} pt="md">
          {tab === when && <AppointmentList registerNumber={registerNumber} when={when} />}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

function AppointmentList({ registerNumber, when }: { registerNumber: string; when: When }) {
  const { t } = useTranslation();
  const list = useQuery(patientAppointmentsQuery(registerNumber, when));
  const [cancelling, setCancelling] = useState<Appointment>();
  return (
    <>
      <QueryList
        query={list}
        empty={t(when === 'upcoming' ? 'deskPatients.noneUpcoming' : 'deskPatients.nonePast')}
      >
        {(appointment) => (
          <AppointmentCard
            key={appointment.id}
            appointment={appointment}
            registerNumber={registerNumber}
            onCancel={() => setCancelling(appointment)}
          />
        )}
      </QueryList>
      {cancelling && (
        <CancelDialog appointment={cancelling} onClose={() => setCancelling(undefined)} />
      )}
    </>
  );
}

const statusColor = {
  scheduled: 'blue',
  checked_in: 'green',
  in_progress: 'green',
  finished: 'gray',
  cancelled: 'gray',
  no_show: 'red',
} as const;

function AppointmentCard({
  appointment,
  registerNumber,
  onCancel,
}: {
  appointment: Appointment;
  registerNumber: string;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const when = time.dateTime(appointment.startsAt);
  return (
    <Card withBorder radius="md" padding="sm">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={2}>
          <Text fw={600}>{when}</Text>
          <Text size="sm">
            {appointment.professional.name} · {appointment.professional.specialty}
          </Text>
          {appointment.ticket && (
            <Text size="sm">{t('deskPatients.ticket', { ticket: appointment.ticket })}</Text>
          )}
          {appointment.cancelReason && (
            <Text size="sm" c="dimmed">
              {t('appointments.cancelReasonShown', { reason: appointment.cancelReason })}
            </Text>
          )}
        </Stack>
        <Group gap="xs">
          {appointment.forced && <StatusBadge color="red">{t('deskPatients.extra')}</StatusBadge>}
          <StatusBadge color={statusColor[appointment.status]}>
            {t(`appointments.status.${appointment.status}`)}
          </StatusBadge>
        </Group>
      </Group>
      {appointment.status === 'scheduled' && (
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
      await queries.invalidateQueries({ queryKey: ['slots'] });
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
        <Text size="sm" c="dimmed">
          {t('deskPatients.cancelNotice')}
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
