import { Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { meQuery } from '../session/queries';
import { ProfessionalSchedule } from './professional-schedule';

/** The signed-in professional's own working hours, time off and calendar feed. */
export function MySchedulePage() {
  const { t } = useTranslation();
  const me = useQuery(meQuery);
  const councilNumber = me.data?.councilNumber;
  if (!councilNumber) return null;
  return (
    <Stack maw={960} mx="auto" gap="lg">
      <Title order={1} size="h2">
        {t('day.schedule.title')}
      </Title>
      <ProfessionalSchedule councilNumber={councilNumber} />
    </Stack>
  );
}
