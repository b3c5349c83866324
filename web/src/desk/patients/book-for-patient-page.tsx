import { Alert, Anchor, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ProblemAlert } from '../../app/problem-alert';
import { appointmentQuery } from '../../booking/appointment-query';
import { CurrentAppointment } from '../../booking/current-appointment';
import { patientQuery } from '../../pages/profile/patient-query';
import { BookingForPatient } from './booking-for-patient';
import { PatientPicker } from './patient-picker';

/**
 * Booking at the desk (/desk/book): the patient (`?patient=`, or found here), then a specialty,
 * a professional and a free time, or a deliberate extra. `?reschedule=<id>` moves that
 * appointment instead.
 */
export function BookForPatientPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const rescheduleId = params.get('reschedule');
  const appointment = useQuery({
    ...appointmentQuery(rescheduleId ?? ''),
    enabled: rescheduleId !== null,
  });
  const registerNumber = appointment.data?.patient.registerNumber ?? params.get('patient');
  const patient = useQuery({ ...patientQuery(registerNumber ?? ''), enabled: !!registerNumber });

  const title = rescheduleId
    ? t('deskPatients.book.rescheduleTitle')
    : t('deskPatients.book.title');
  return (
    <Stack maw={760} mx="auto" gap="lg">
      <Stack gap={4}>
        <Title order={1} size="h2">
          {title}
        </Title>
        <Text c="dimmed">
          {rescheduleId ? t('deskPatients.book.rescheduleIntro') : t('deskPatients.book.intro')}
        </Text>
      </Stack>

      {rescheduleId && appointment.error ? (
        <ProblemAlert error={appointment.error} onRetry={() => void appointment.refetch()} />
      ) : rescheduleId && !appointment.data ? (
        <Loader aria-label={t('app.loading')} />
      ) : !registerNumber ? (
        <Stack gap="xs" component="section" aria-labelledby="patient">
          <Title order={2} size="h4" id="patient">
            {t('deskPatients.book.patient')}
          </Title>
          <PatientPicker
            autoFocus
            onChoose={(found) => setParams({ patient: found.registerNumber })}
          />
          <Text size="sm">
            {t('deskPatients.book.notRegistered')}{' '}
            <Anchor component={Link} to="/desk/patients/new">
              {t('deskPatients.register')}
            </Anchor>
          </Text>
        </Stack>
      ) : patient.error ? (
        <ProblemAlert error={patient.error} onRetry={() => void patient.refetch()} />
      ) : !patient.data ? (
        <Loader aria-label={t('app.loading')} />
      ) : (
        <>
          <Card withBorder radius="md" padding="md" component="section" aria-labelledby="patient">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Stack gap={0}>
                <Text size="sm" c="dimmed" id="patient">
                  {t('deskPatients.book.patient')}
                </Text>
                <Anchor
                  component={Link}
                  to={`/desk/patients/${patient.data.registerNumber}`}
                  fw={600}
                >
                  {patient.data.name}
                </Anchor>
                <Text size="sm" ff="monospace">
                  {patient.data.registerNumber}
                </Text>
              </Stack>
              {!rescheduleId && (
                <Button variant="default" size="xs" onClick={() => setParams({})}>
                  {t('deskPatients.book.changePatient')}
                </Button>
              )}
            </Group>
          </Card>
          {appointment.data && <CurrentAppointment appointment={appointment.data} />}
          {!patient.data.active ? (
            <Alert color="gray">{t('deskPatients.book.deactivated')}</Alert>
          ) : (
            <BookingForPatient
              key={`${patient.data.registerNumber} ${rescheduleId ?? ''}`}
              patient={patient.data}
              appointment={appointment.data}
            />
          )}
        </>
      )}
    </Stack>
  );
}
