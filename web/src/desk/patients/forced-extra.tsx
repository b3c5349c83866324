import { Button, Card, Grid, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../app/problem-alert';
import { useClinicTime } from '../../time/use-clinic-time';
import { clinicInstant } from '../../time/clinic-instant';

/**
 * A deliberate extra: any day and time the desk types (clinic time), outside the free slots,
 * with the reason it is forced (required: the API records who forced what, and why).
 */
export function ForcedExtra({
  professionalName,
  initialReason,
  busy,
  error,
  confirmLabel,
  onConfirm,
}: {
  professionalName: string;
  initialReason: string;
  busy: boolean;
  error: unknown;
  confirmLabel: string;
  onConfirm: (chosen: { startsAt: string; reason: string }) => void;
}) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const form = useForm({
    mode: 'controlled',
    initialValues: { day: time.today, time: '', reason: initialReason },
    validate: {
      day: (value) => (value ? null : t('signUp.required')),
      time: (value) => (/^\d{2}:\d{2}$/.test(value) ? null : t('signUp.required')),
      reason: (value) => (value.trim() ? null : t('deskPatients.force.reasonRequired')),
    },
  });
  const field = (name: 'day' | 'time' | 'reason') => ({
    key: form.key(name),
    ...form.getInputProps(name),
  });
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="extra">
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          onConfirm({
            startsAt: clinicInstant(values.day, values.time, time.timeZone),
            reason: values.reason.trim(),
          }),
        )}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="extra">
            {t('deskPatients.force.title', { name: professionalName })}
          </Title>
          <Text size="sm" c="dimmed">
            {t('deskPatients.force.zone', { zone: time.timeZone })}
          </Text>
          <Grid>
            <Grid.Col span={{ base: 7, sm: 6 }}>
              <TextInput
                type="date"
                label={t('deskPatients.force.day')}
                min={time.today}
                max={time.lastBookableDay}
                required
                {...field('day')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 5, sm: 6 }}>
              <TextInput
                type="time"
                label={t('deskPatients.force.time')}
                required
                {...field('time')}
              />
            </Grid.Col>
          </Grid>
          <Textarea
            label={t('deskPatients.force.reason')}
            description={t('deskPatients.force.reasonHint')}
            maxLength={500}
            autosize
            minRows={2}
            required
            {...field('reason')}
          />
          {error !== null && error !== undefined && <ProblemAlert error={error} />}
          <Group>
            <Button type="submit" size="md" loading={busy}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
