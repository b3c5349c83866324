import { Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { meQuery } from '../session/queries';
import { useClinicTime } from '../time/use-clinic-time';
import { DayList } from './day-list';
import { QueuePanel } from './queue-panel';

/** The professional's day: the live queue with "Call next", and today's appointments. */
export function DayPage() {
  const { t } = useTranslation();
  const me = useQuery(meQuery);
  const time = useClinicTime();
  const councilNumber = me.data?.councilNumber;
  if (!councilNumber) return null;
  return (
    <Stack maw={1200} mx="auto" gap="lg">
      <Group justify="space-between" align="baseline" wrap="wrap">
        <Title order={1} size="h2">
          {t('day.title')}
        </Title>
        <Text c="dimmed">{time.day(time.today)}</Text>
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <QueuePanel councilNumber={councilNumber} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <DayList councilNumber={councilNumber} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
