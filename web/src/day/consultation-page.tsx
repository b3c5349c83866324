import { Anchor, Button, Card, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, call } from '../api/client';
import { ProblemAlert } from '../app/problem-alert';
import { useClinicTime } from '../time/use-clinic-time';
import { AppointmentStatus } from './appointment-status';
import { ConsultationForm } from './consultation-form';
import { appointmentQuery, type Appointment } from './day-queries';
import { FinishedConsultation } from './finished-consultation';
import { LabOrders } from './lab-orders';
import { PatientSummary } from './patient-summary';
import { PrescriptionEditor } from './prescription-editor';

/** One appointment of the day: the patient's summary beside what the professional writes. */
export function ConsultationPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const appointment = useQuery(appointmentQuery(id));
  if (appointment.error) {
    return (
      <Stack maw={1200} mx="auto">
        <BackToDay />
        <ProblemAlert error={appointment.error} onRetry={() => void appointment.refetch()} />
      </Stack>
    );
  }
  if (!appointment.data) return <Loader aria-label={t('app.loading')} />;
  const data = appointment.data;
  return (
    <Stack maw={1200} mx="auto" gap="lg">
      <BackToDay />
      <Header appointment={data} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <PatientSummary registerNumber={data.patient.registerNumber} appointmentId={data.id} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Body appointment={data} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function BackToDay() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/day" size="sm">
      {t('day.consultation.backToDay')}
    </Anchor>
  );
}

function Header({ appointment }: { appointment: Appointment }) {
  const time = useClinicTime();
  return (
    <Group justify="space-between" align="baseline" wrap="wrap">
      <Stack gap={0}>
        <Title order={1} size="h2">
          {appointment.patient.name}
        </Title>
        <Text c="dimmed">
          {time.dateTime(appointment.startsAt)}
          {appointment.reason ? ` · ${appointment.reason}` : ''}
        </Text>
      </Stack>
      <Group gap="xs">
        {appointment.ticket && <Text fw={700}>{appointment.ticket}</Text>}
        <AppointmentStatus status={appointment.status} />
      </Group>
    </Group>
  );
}

/** What can be done in the appointment's state. */
function Body({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  switch (appointment.status) {
    case 'in_progress':
      return (
        <Stack gap="lg">
          <ConsultationForm appointment={appointment} />
          <PrescriptionEditor appointmentId={appointment.id} />
          <LabOrders appointment={appointment} />
        </Stack>
      );
    case 'finished':
      return <FinishedConsultation appointment={appointment} />;
    case 'checked_in':
      return <CallIn appointment={appointment} />;
    case 'scheduled':
      return <Notice text={t('day.consultation.notArrived')} />;
    default:
      return <Notice text={t('day.consultation.closed')} />;
  }
}

function Notice({ text }: { text: string }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Text>{text}</Text>
    </Card>
  );
}

function CallIn({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const callIn = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/appointments/{id}/call', { params: { path: { id: appointment.id } } }),
      ),
    onSuccess: (called) => {
      client.setQueryData(appointmentQuery(appointment.id).queryKey, called);
      void client.invalidateQueries({ queryKey: ['appointments'] });
    },
  });
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm" align="flex-start">
        <Text>{t('day.consultation.waiting')}</Text>
        <Button size="lg" onClick={() => callIn.mutate()} loading={callIn.isPending}>
          {t('day.consultation.callIn')}
        </Button>
        {callIn.error && <ProblemAlert error={callIn.error} />}
      </Stack>
    </Card>
  );
}
