import { Anchor } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { professionalQuery } from '../api/directory-queries';
import { ProfessionalSchedule } from '../schedule/professional-schedule';
import { SettingsFrame } from './settings-frame';

/** A professional's working hours and time off, for an admin (the editor is the schedule's). */
export function ProfessionalSchedulePage() {
  const { t } = useTranslation();
  const councilNumber = (useParams().councilNumber ?? '').toUpperCase();
  const name = useQuery(professionalQuery(councilNumber)).data?.name;
  const heading = t('clinicSettings.professional.schedule');
  return (
    <SettingsFrame title={name ? `${heading}: ${name}` : heading}>
      <Anchor component={Link} to={`/settings/professionals/${councilNumber}`} size="sm">
        ← {name ?? councilNumber}
      </Anchor>
      <ProfessionalSchedule councilNumber={councilNumber} />
    </SettingsFrame>
  );
}
