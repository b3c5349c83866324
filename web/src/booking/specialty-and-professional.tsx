import { Alert, NativeSelect } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { specialtiesQuery } from '../api/directory-queries';
import { ProblemAlert } from '../app/problem-alert';
import { FIRST_AVAILABLE, ProfessionalChoice } from './professional-choice';
import type { SpecialtyAndProfessionalChoice } from './use-specialty-and-professional';

/**
 * The first two steps of a booking: the specialty, then one of its professionals or the first
 * available. `onChange` follows any change of either (the time chosen no longer holds).
 */
export function SpecialtyAndProfessional({
  choice,
  noSpecialties,
  onChange,
}: {
  choice: SpecialtyAndProfessionalChoice;
  /** What to say when no professional takes appointments yet (the patient's or the desk's). */
  noSpecialties: string;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const specialties = useQuery(specialtiesQuery);
  const { specialty, who, setSpecialty, setWho } = choice;
  return (
    <>
      {specialties.error ? (
        <ProblemAlert error={specialties.error} onRetry={() => void specialties.refetch()} />
      ) : specialties.data && !specialties.data.length ? (
        <Alert color="gray">{noSpecialties}</Alert>
      ) : (
        <NativeSelect
          label={t('booking.specialty')}
          size="md"
          value={specialty}
          disabled={!specialties.data}
          onChange={(event) => {
            setSpecialty(event.currentTarget.value);
            setWho(FIRST_AVAILABLE);
            onChange();
          }}
          data={[
            { value: '', label: t('booking.chooseSpecialty'), disabled: true },
            ...(specialties.data ?? []).map((item) => ({ value: item.name, label: item.name })),
          ]}
        />
      )}

      {specialty && (
        <ProfessionalChoice
          specialty={specialty}
          value={who}
          onChange={(value) => {
            setWho(value);
            onChange();
          }}
        />
      )}
    </>
  );
}
