import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PatientForm } from './patient-form';

/** A patient registered at the desk: then their record, from which to book or check in. */
export function RegisterPatientPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Stack maw={760} mx="auto" gap="lg">
      <Stack gap={4}>
        <Title order={1} size="h2">
          {t('deskPatients.new.title')}
        </Title>
        <Text c="dimmed">{t('deskPatients.new.intro')}</Text>
      </Stack>
      <Paper withBorder p="lg" radius="md">
        <PatientForm
          submitLabel={t('deskPatients.new.submit')}
          onSaved={(saved) =>
            void navigate(`/desk/patients/${saved.registerNumber}`, { state: { registered: true } })
          }
        />
      </Paper>
    </Stack>
  );
}
