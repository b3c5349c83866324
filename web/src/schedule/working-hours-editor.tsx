import '@mantine/dates/styles.css';
import { Button, Card, Group, Loader, NumberInput, Stack, Text, Title } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { ProblemAlert } from '../app/problem-alert';
import { fromWeek, rangeProblem, toWeek, WEEK_ORDER, weekdayName, type Week } from './weekly-hours';

interface Values {
  slotMinutes: number | string;
  week: Week;
}

/** The weekly working hours, day by day, and the length of a slot. */
export function WorkingHoursEditor({ councilNumber }: { councilNumber: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [saved, setSaved] = useState(false);
  const queryKey = ['availability', councilNumber];
  const availability = useQuery({
    queryKey,
    queryFn: () =>
      call(
        api.GET('/api/v1/professionals/{councilNumber}/availability', {
          params: { path: { councilNumber } },
        }),
      ),
  });
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { slotMinutes: 30, week: toWeek([]) },
    validate: {
      slotMinutes: (value) =>
        typeof value === 'number' && Number.isInteger(value) && value >= 5 && value <= 480
          ? null
          : t('day.hours.slotInvalid'),
      week: (week) => {
        // Each range's own message is set below; this only blocks the submit.
        return week.some((ranges) => ranges.some((_, i) => rangeProblem(ranges, i)))
          ? t('day.hours.fixRanges')
          : null;
      },
    },
  });
  const { setValues, resetDirty } = form;
  useEffect(() => {
    if (!availability.data) return;
    setValues({
      slotMinutes: availability.data.slotMinutes,
      week: toWeek(availability.data.weekly),
    });
    resetDirty();
    // Only when the API's answer changes, not on every render of the form.
  }, [availability.data]);

  const save = useMutation({
    mutationFn: (values: Values) =>
      call(
        api.PUT('/api/v1/professionals/{councilNumber}/availability', {
          params: { path: { councilNumber } },
          body: { slotMinutes: Number(values.slotMinutes), weekly: fromWeek(values.week) },
        }),
      ),
    onSuccess: (data) => {
      client.setQueryData(queryKey, data);
      void client.invalidateQueries({ queryKey: ['slots'] });
      setSaved(true);
    },
  });

  if (availability.error) {
    return <ProblemAlert error={availability.error} onRetry={() => void availability.refetch()} />;
  }
  if (!availability.data) return <Loader aria-label={t('app.loading')} />;

  const week = form.values.week;
  const setRanges = (weekday: number, ranges: Week[number]) => {
    setSaved(false);
    form.setFieldValue(`week.${weekday}`, ranges);
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="hours-title">
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setSaved(false);
          save.mutate(values);
        })}
      >
        <Stack gap="md">
          <Title order={2} size="h3" id="hours-title">
            {t('day.hours.title')}
          </Title>
          <NumberInput
            label={t('day.hours.slotMinutes')}
            description={t('day.hours.slotHint')}
            min={5}
            max={480}
            step={5}
            w={220}
            allowDecimal={false}
            {...form.getInputProps('slotMinutes')}
          />
          {WEEK_ORDER.map((weekday) => {
            const name = weekdayName(weekday, i18n.language);
            const ranges = week[weekday] ?? [];
            return (
              <Stack
                key={weekday}
                gap={6}
                component="fieldset"
                style={{ border: 0, padding: 0, margin: 0 }}
              >
                <Text component="legend" fw={600} tt="capitalize">
                  {name}
                </Text>
                {ranges.length === 0 && (
                  <Text size="sm" c="dimmed">
                    {t('day.hours.dayOff')}
                  </Text>
                )}
                {ranges.map((range, index) => {
                  const problem = rangeProblem(ranges, index);
                  const update = (field: 'start' | 'end', value: string) =>
                    setRanges(
                      weekday,
                      ranges.map((r, i) => (i === index ? { ...r, [field]: value } : r)),
                    );
                  return (
                    <Group key={index} gap="xs" align="flex-start" wrap="wrap">
                      <TimeInput
                        label={t('day.hours.fromShort')}
                        aria-label={t('day.hours.from', { day: name, number: index + 1 })}
                        value={range.start}
                        onChange={(event) => update('start', event.currentTarget.value)}
                        w={150}
                        error={problem ? t(`day.hours.problem.${problem}`) : undefined}
                      />
                      <TimeInput
                        label={t('day.hours.toShort')}
                        aria-label={t('day.hours.to', { day: name, number: index + 1 })}
                        value={range.end === '24:00' ? '23:59' : range.end}
                        onChange={(event) => update('end', event.currentTarget.value)}
                        w={150}
                        error={problem ? ' ' : undefined}
                      />
                      <Button
                        variant="subtle"
                        color="red"
                        mt={24}
                        onClick={() =>
                          setRanges(
                            weekday,
                            ranges.filter((_, i) => i !== index),
                          )
                        }
                        aria-label={t('day.hours.remove', { day: name, number: index + 1 })}
                      >
                        {t('day.remove')}
                      </Button>
                    </Group>
                  );
                })}
                <Group>
                  <Button
                    variant="light"
                    size="xs"
                    onClick={() => setRanges(weekday, [...ranges, nextRange(ranges)])}
                    aria-label={t('day.hours.addFor', { day: name })}
                  >
                    {t('day.hours.add')}
                  </Button>
                </Group>
              </Stack>
            );
          })}
          {form.errors.week && (
            <Text c="red.9" size="sm" role="alert">
              {form.errors.week}
            </Text>
          )}
          {save.error && <ProblemAlert error={save.error} />}
          <Group justify="flex-end" gap="sm">
            {saved && <Text role="status">{t('day.hours.saved')}</Text>}
            <Button type="submit" loading={save.isPending}>
              {t('day.hours.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** A new range after the day's last one: the afternoon after a morning. */
function nextRange(ranges: { start: string; end: string }[]) {
  const last = ranges[ranges.length - 1];
  if (!last) return { start: '08:00', end: '12:00' };
  return last.end < '14:00' ? { start: '14:00', end: '18:00' } : { start: last.end, end: '23:59' };
}
