import { Button, Checkbox, Group, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { Ok } from '../../api/types';
import { ProblemAlert } from '../../app/problem-alert';
import { allProfessionalsQuery } from './desk-queries';

type Appointment = Ok<'/api/v1/appointments/walk-ins', 'post'>;

/** What the desk declares (Lei 10.048/2000); priority by age comes from the birth date. */
const declared = ['pregnant', 'disability', 'infant', 'other'] as const;
type Declared = (typeof declared)[number];

/** The walk-in's second step: whom they see, any legal priority, why they came. */
export function WalkInDetails({
  patient,
  onBack,
  onDone,
}: {
  patient: { registerNumber: string; name: string };
  onBack: () => void;
  onDone: (appointment: Appointment) => void;
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const professionals = useQuery(allProfessionalsQuery);
  const active = (professionals.data?.items ?? []).filter((item) => item.active !== false);
  const [professional, setProfessional] = useState('');
  const [priority, setPriority] = useState(false);
  const [priorityReason, setPriorityReason] = useState<Declared>('pregnant');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const walkIn = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/appointments/walk-ins', {
          body: {
            patient: patient.registerNumber,
            professional,
            ...(priority ? { priority: true, priorityReason } : {}),
            ...(reason.trim() ? { reason: reason.trim() } : {}),
          },
        }),
      ),
    onSuccess: async (appointment) => {
      await queries.invalidateQueries({ queryKey: ['appointments'] });
      await queries.invalidateQueries({ queryKey: ['queue'] });
      onDone(appointment);
    },
  });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!professional) return setMissing(true);
        walkIn.mutate();
      }}
    >
      <Stack>
        <Title order={2} size="h4">
          {t('deskPatients.walkIn.step2', { name: patient.name })}
        </Title>
        {professionals.error ? (
          <ProblemAlert error={professionals.error} onRetry={() => void professionals.refetch()} />
        ) : (
          <NativeSelect
            label={t('booking.professional')}
            required
            disabled={!professionals.data}
            value={professional}
            error={
              missing && !professional ? t('deskPatients.walkIn.chooseProfessional') : undefined
            }
            onChange={(event) => setProfessional(event.currentTarget.value)}
            data={[
              { value: '', label: t('deskPatients.walkIn.chooseProfessional'), disabled: true },
              ...active.map((item) => ({
                value: item.councilNumber,
                label: `${item.name} · ${item.specialty}`,
              })),
            ]}
          />
        )}
        <Checkbox
          checked={priority}
          onChange={(event) => setPriority(event.currentTarget.checked)}
          label={t('deskPatients.walkIn.priority')}
          description={t('deskPatients.walkIn.priorityHint')}
        />
        {priority && (
          <NativeSelect
            label={t('deskPatients.walkIn.priorityReason')}
            value={priorityReason}
            onChange={(event) => setPriorityReason(event.currentTarget.value as Declared)}
            data={declared.map((value) => ({
              value,
              label: t(`deskPatients.priorityOptions.${value}`),
            }))}
          />
        )}
        <Textarea
          label={t('booking.reason')}
          value={reason}
          maxLength={500}
          autosize
          minRows={2}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
        <Text size="sm" c="dimmed">
          {t('deskPatients.walkIn.now')}
        </Text>
        {walkIn.error && <ProblemAlert error={walkIn.error} />}
        <Group>
          <Button type="submit" loading={walkIn.isPending}>
            {t('deskPatients.walkIn.submit')}
          </Button>
          <Button variant="default" onClick={onBack}>
            {t('deskPatients.walkIn.otherPatient')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
