import { Loader, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../app/problem-alert';
import { meQuery } from '../session/queries';
import { LanguageSection } from './profile/language-section';
import { NotificationsSection } from './profile/notifications-section';
import { PasswordSection } from './profile/password-section';
import { patientQuery } from './profile/patient-query';
import { PersonalSection } from './profile/personal-section';
import { PhotoSection } from './profile/photo-section';

/**
 * The user's own profile, each part saved on its own: a patient's record and photo, then what
 * every account has (notifications, language, password).
 */
export function ProfilePage() {
  const { t } = useTranslation();
  const me = useQuery(meQuery);
  if (!me.data) return null;
  const { registerNumber } = me.data;
  return (
    <Stack maw={960} mx="auto" gap="lg">
      <Title order={1} size="h2">
        {t('profile.title')}
      </Title>
      {registerNumber && <PatientSections registerNumber={registerNumber} />}
      <NotificationsSection me={me.data} />
      <LanguageSection />
      <PasswordSection />
    </Stack>
  );
}

function PatientSections({ registerNumber }: { registerNumber: string }) {
  const { t } = useTranslation();
  const patient = useQuery(patientQuery(registerNumber));
  if (patient.error && !patient.data) {
    return <ProblemAlert error={patient.error} onRetry={() => void patient.refetch()} />;
  }
  if (!patient.data) return <Loader aria-label={t('app.loading')} />;
  return (
    <>
      <PersonalSection patient={patient.data} />
      <PhotoSection registerNumber={registerNumber} />
    </>
  );
}
