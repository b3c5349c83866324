import { Alert, Button, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ProblemAlert } from '../../app/problem-alert';
import { patientQuery } from '../../pages/profile/patient-query';
import { ProfileSection } from '../../pages/profile/section';
import { PatientActivation } from './patient-activation';
import { PatientAppointments } from './patient-appointments';
import { PatientForm, type Patient } from './patient-form';
import { PatientLabReports } from './patient-lab-reports';
import { PatientStatus } from './patient-search';

/**
 * A patient as the desk sees them: contact data to correct, appointments to move or cancel,
 * whether lab results are in, and deactivation. Never clinical notes or prescriptions.
 */
export function PatientPage() {
  const { t } = useTranslation();
  const { registerNumber = '' } = useParams();
  const patient = useQuery(patientQuery(registerNumber));
  if (patient.error) {
    return <ProblemAlert error={patient.error} onRetry={() => void patient.refetch()} />;
  }
  if (!patient.data) return <Loader aria-label={t('app.loading')} />;
  return <PatientRecord patient={patient.data} />;
}

function PatientRecord({ patient }: { patient: Patient }) {
  const { t } = useTranslation();
  const location = useLocation();
  const registered = (location.state as { registered?: boolean } | null)?.registered === true;
  return (
    <Stack maw={1200} mx="auto" gap="lg">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Title order={1} size="h2">
            {patient.name}
          </Title>
          <Group gap="xs">
            <Text c="dimmed">
              {t('deskPatients.registerNumber')}{' '}
              <Text span ff="monospace" c="var(--mantine-color-text)" fw={600}>
                {patient.registerNumber}
              </Text>
            </Text>
            <PatientStatus active={patient.active} />
          </Group>
        </Stack>
        <Group gap="sm">
          {patient.active && (
            <Button component={Link} to={`/desk/book?patient=${patient.registerNumber}`}>
              {t('deskPatients.bookFor')}
            </Button>
          )}
          <PatientActivation patient={patient} />
        </Group>
      </Group>
      {registered && (
        <Alert color="green" role="status" title={t('deskPatients.new.done')}>
          {t('deskPatients.new.doneBody', { registerNumber: patient.registerNumber })}
        </Alert>
      )}
      {!patient.active && (
        <Alert color="gray" title={t('deskPatients.deactivatedTitle')}>
          {t('deskPatients.deactivatedBody')}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <ProfileSection id="contact" title={t('deskPatients.contact')}>
            <PatientForm
              key={patient.registerNumber}
              patient={patient}
              submitLabel={t('deskPatients.form.save')}
              onSaved={() => undefined}
            />
          </ProfileSection>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="lg">
            <ProfileSection id="appointments" title={t('appointments.title')}>
              <PatientAppointments registerNumber={patient.registerNumber} />
            </ProfileSection>
            <ProfileSection id="lab-reports" title={t('records.labReports')}>
              <Text size="sm" c="dimmed">
                {t('deskPatients.labReportsHint')}
              </Text>
              <PatientLabReports registerNumber={patient.registerNumber} />
            </ProfileSection>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
