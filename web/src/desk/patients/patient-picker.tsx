import { Button, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PatientResults, PatientSearchBox, type FoundPatient } from './patient-search';

/** Finding the active patient a booking or a walk-in is for: search, then "Choose". */
export function PatientPicker({
  onChoose,
  autoFocus = false,
}: {
  onChoose: (patient: FoundPatient) => void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  return (
    <Stack gap="sm">
      <PatientSearchBox value={search} onChange={setSearch} autoFocus={autoFocus} />
      <PatientResults
        search={search}
        withDeactivated={false}
        action={(patient) => (
          <Button
            size="xs"
            onClick={() => onChoose(patient)}
            aria-label={t('deskPatients.chooseNamed', { name: patient.name })}
          >
            {t('deskPatients.choose')}
          </Button>
        )}
      />
    </Stack>
  );
}
