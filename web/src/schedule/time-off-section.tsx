import '@mantine/dates/styles.css';
import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { showFieldErrors } from '../app/field-errors';
import { ProblemAlert } from '../app/problem-alert';
import { QueryList } from '../app/query-list';
import { useClinicTime } from '../time/use-clinic-time';
import { clinicInstant } from '../time/clinic-instant';

interface Values {
  startDay: string;
  startTime: string;
  endDay: string;
  endTime: string;
  reason: string;
}

/** Time off ahead (holidays, congresses): the list, add one, remove one. */
export function TimeOffSection({ councilNumber }: { councilNumber: string }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const client = useQueryClient();
  const queryKey = ['time-off', councilNumber];
  const list = useQuery({
    queryKey,
    queryFn: async () => ({
      items: await call(
        api.GET('/api/v1/professionals/{councilNumber}/time-off', {
          params: { path: { councilNumber } },
        }),
      ),
    }),
  });
  const refresh = () => {
    void client.invalidateQueries({ queryKey });
    void client.invalidateQueries({ queryKey: ['slots'] });
  };
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      startDay: time.today,
      startTime: '08:00',
      endDay: time.today,
      endTime: '18:00',
      reason: '',
    },
    validate: {
      startDay: (value) => (value ? null : t('day.timeOff.required')),
      endDay: (value, values) =>
        !value
          ? t('day.timeOff.required')
          : `${value}T${values.endTime}` <= `${values.startDay}T${values.startTime}`
            ? t('day.timeOff.endBeforeStart')
            : null,
      startTime: (value) => (value ? null : t('day.timeOff.required')),
      endTime: (value) => (value ? null : t('day.timeOff.required')),
    },
  });
  const add = useMutation({
    mutationFn: (values: Values) =>
      call(
        api.POST('/api/v1/professionals/{councilNumber}/time-off', {
          params: { path: { councilNumber } },
          body: {
            startsAt: clinicInstant(values.startDay, values.startTime, time.timeZone),
            endsAt: clinicInstant(values.endDay, values.endTime, time.timeZone),
            ...(values.reason.trim() ? { reason: values.reason.trim() } : {}),
          },
        }),
      ),
    onSuccess: () => {
      form.setFieldValue('reason', '');
      refresh();
    },
    onError: (error) =>
      showFieldErrors(form, error, (field) =>
        field === 'startsAt' ? 'startDay' : field === 'endsAt' ? 'endDay' : field,
      ),
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      call(
        api.DELETE('/api/v1/professionals/{councilNumber}/time-off/{id}', {
          params: { path: { councilNumber, id } },
        }),
      ),
    onSuccess: refresh,
  });
  const range = (item: { startsAt: string; endsAt: string }) =>
    t('day.timeOff.range', { from: time.dateTime(item.startsAt), to: time.dateTime(item.endsAt) });

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="time-off-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="time-off-title">
          {t('day.timeOff.title')}
        </Title>
        <QueryList query={list} empty={t('day.timeOff.empty')}>
          {(item) => (
            <Group key={item.id} justify="space-between" wrap="wrap" gap="xs">
              <Stack gap={0}>
                <Text>{range(item)}</Text>
                {item.reason && (
                  <Text size="sm" c="dimmed">
                    {item.reason}
                  </Text>
                )}
              </Stack>
              <Button
                variant="subtle"
                color="red"
                onClick={() => remove.mutate(item.id)}
                loading={remove.isPending && remove.variables === item.id}
                aria-label={t('day.timeOff.removeLabel', { range: range(item) })}
              >
                {t('day.remove')}
              </Button>
            </Group>
          )}
        </QueryList>
        {remove.error && <ProblemAlert error={remove.error} />}
        <form noValidate onSubmit={form.onSubmit((values) => add.mutate(values))}>
          <Stack gap="sm" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
            <Text component="legend" fw={600}>
              {t('day.timeOff.add')}
            </Text>
            <Text size="sm" c="dimmed">
              {t('day.timeOff.zoneHint', { zone: time.timeZone })}
            </Text>
            <Group gap="xs" align="flex-start" wrap="wrap">
              <TextInput
                type="date"
                label={t('day.timeOff.startDay')}
                w={170}
                {...form.getInputProps('startDay')}
              />
              <TimeInput
                label={t('day.timeOff.startTime')}
                w={130}
                {...form.getInputProps('startTime')}
              />
              <TextInput
                type="date"
                label={t('day.timeOff.endDay')}
                w={170}
                {...form.getInputProps('endDay')}
              />
              <TimeInput
                label={t('day.timeOff.endTime')}
                w={130}
                {...form.getInputProps('endTime')}
              />
            </Group>
            <TextInput
              label={t('day.timeOff.reason')}
              description={t('day.timeOff.reasonHint')}
              maxLength={200}
              {...form.getInputProps('reason')}
            />
            {add.error && <ProblemAlert error={add.error} />}
            <Group justify="flex-end">
              <Button type="submit" loading={add.isPending}>
                {t('day.timeOff.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}
