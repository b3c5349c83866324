import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PatientResults, PatientSearchBox } from './patient-search';
import { WalkInDialog } from './walk-in-dialog';

/**
 * The desk's patient search (/desk/patients?q=): whoever the search finds, active or
 * deactivated, each row opening the patient's record. The search is in the address, so "back"
 * from a record returns to the same results.
 */
export function PatientsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const [walkIn, setWalkIn] = useState(false);
  return (
    <Stack maw={1200} mx="auto" gap="lg">
      <Group justify="space-between" wrap="wrap">
        <Stack gap={4}>
          <Title order={1} size="h2">
            {t('deskPatients.title')}
          </Title>
          <Text c="dimmed">{t('deskPatients.intro')}</Text>
        </Stack>
        <Group gap="sm">
          <Button variant="default" onClick={() => setWalkIn(true)}>
            {t('deskPatients.walkIn.open')}
          </Button>
          <Button component={Link} to="/desk/patients/new">
            {t('deskPatients.register')}
          </Button>
        </Group>
      </Group>
      <PatientSearchBox
        value={search}
        autoFocus
        onChange={(value) => setParams(value ? { q: value } : {}, { replace: true })}
      />
      <PatientResults
        search={search}
        withDeactivated
        action={(patient) => (
          <Anchor
            component={Link}
            to={`/desk/patients/${patient.registerNumber}`}
            aria-label={t('deskPatients.openNamed', { name: patient.name })}
          >
            {t('deskPatients.open')}
          </Anchor>
        )}
      />
      <WalkInDialog opened={walkIn} onClose={() => setWalkIn(false)} />
    </Stack>
  );
}
