import { Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import type { ItemOf } from '../api/types';
import { ProblemAlert } from '../app/problem-alert';
import { QueryList } from '../app/query-list';
import { StatusBadge } from '../app/status-badge';
import { useClinicTime } from '../time/use-clinic-time';
import { blockingAppointmentsQuery } from './professional-queries';

type Appointment = ItemOf<'/api/v1/appointments'>;

/**
 * The appointments ahead that keep a professional from being deactivated, each to move (the
 * desk's booking page) or cancel here with a reason.
 */
export function ProfessionalBlockingAppointments({ councilNumber }: { councilNumber: string }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const query = useQuery(blockingAppointmentsQuery(councilNumber, time.today));
  const count = query.data?.items.length;
  return (
    <Stack gap="sm">
      {count !== undefined && (
        <Title order={2} size="h4">
          {t('clinicSettings.deactivation.blockedCount', { count })}
        </Title>
      )}
      <QueryList query={query} empty={t('clinicSettings.deactivation.noneLeft')}>
        {(appointment) => <BlockingAppointment key={appointment.id} appointment={appointment} />}
      </QueryList>
    </Stack>
  );
}

function BlockingAppointment({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const queries = useQueryClient();
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const when = time.dateTime(appointment.startsAt);
  const patient = appointment.patient.name;
  const cancel = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/appointments/{id}/cancel', {
          params: { path: { id: appointment.id } },
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['appointments'] });
      await queries.invalidateQueries({ queryKey: ['slots'] });
    },
  });

  return (
    <Paper withBorder p="sm" radius="md">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={2}>
          <Text fw={500}>{when}</Text>
          <Group gap="xs">
            <Text>{patient}</Text>
            <StatusBadge color="blue">{t(`appointments.status.${appointment.status}`)}</StatusBadge>
          </Group>
        </Stack>
        {!cancelling && (
          <Group gap="xs">
            <Button
              variant="default"
              size="sm"
              component={Link}
              to={`/desk/book?reschedule=${appointment.id}`}
              aria-label={t('clinicSettings.deactivation.moveLabel', { patient, when })}
            >
              {t('clinicSettings.deactivation.move')}
            </Button>
            <Button
              variant="default"
              size="sm"
              onClick={() => setCancelling(true)}
              aria-label={t('clinicSettings.deactivation.cancelLabel', { patient, when })}
            >
              {t('clinicSettings.deactivation.cancel')}
            </Button>
          </Group>
        )}
      </Group>
      {cancelling && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (reason.trim()) cancel.mutate();
          }}
        >
          <Stack gap="xs" mt="sm">
            {cancel.error && <ProblemAlert error={cancel.error} />}
            <Textarea
              label={t('clinicSettings.deactivation.cancelReason')}
              value={reason}
              maxLength={500}
              required
              autoFocus
              onChange={(event) => setReason(event.currentTarget.value)}
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => setCancelling(false)}>
                {t('clinicSettings.deactivation.keepAppointment')}
              </Button>
              <Button
                type="submit"
                color="red"
                loading={cancel.isPending}
                disabled={!reason.trim()}
              >
                {t('clinicSettings.deactivation.cancelConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
