import { Button, Card, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { showFieldErrors } from '../app/field-errors';
import { ProblemAlert } from '../app/problem-alert';
import { labReportsQuery, type Appointment } from './day-queries';

/** The exams ordered in this consultation, and a form to order another. */
export function LabOrders({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const registerNumber = appointment.patient.registerNumber;
  const reports = useQuery(labReportsQuery(registerNumber));
  const ordered = reports.data?.items.filter((r) => r.appointmentId === appointment.id) ?? [];
  const required = (value: string) => (value.trim() ? null : t('day.labOrders.required'));
  const form = useForm({
    mode: 'controlled',
    initialValues: { exam: '', lab: '' },
    validate: { exam: required, lab: required },
  });
  const order = useMutation({
    mutationFn: (values: { exam: string; lab: string }) =>
      call(
        api.POST('/api/v1/patients/{registerNumber}/lab-reports', {
          params: { path: { registerNumber } },
          body: { exam: values.exam, lab: values.lab, appointmentId: appointment.id },
        }),
      ),
    onSuccess: () => {
      form.reset();
      void client.invalidateQueries({ queryKey: labReportsQuery(registerNumber).queryKey });
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="lab-title">
      <form onSubmit={form.onSubmit((values) => order.mutate(values))} noValidate>
        <Stack gap="md">
          <Title order={2} size="h3" id="lab-title">
            {t('day.labOrders.title')}
          </Title>
          {ordered.length > 0 ? (
            <List size="sm" aria-label={t('day.labOrders.orderedList')}>
              {ordered.map((report) => (
                <List.Item key={report.id}>
                  {report.exam} · {report.lab}
                </List.Item>
              ))}
            </List>
          ) : (
            <Text c="dimmed" size="sm">
              {t('day.labOrders.none')}
            </Text>
          )}
          <Group grow wrap="wrap" align="flex-start" preventGrowOverflow={false}>
            <TextInput
              label={t('day.labOrders.exam')}
              description={t('day.labOrders.examHint')}
              maxLength={200}
              miw={200}
              {...form.getInputProps('exam')}
            />
            <TextInput
              label={t('day.labOrders.lab')}
              description={t('day.labOrders.labHint')}
              maxLength={200}
              miw={200}
              {...form.getInputProps('lab')}
            />
          </Group>
          {order.error && <ProblemAlert error={order.error} />}
          <Group justify="flex-end">
            <Button type="submit" variant="light" loading={order.isPending}>
              {t('day.labOrders.order')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
