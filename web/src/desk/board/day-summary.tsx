import { Group, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { dayCounts } from './board-groups';
import type { BoardProfessional } from './board-types';

/** The day in four numbers, for the whole clinic. */
export function DaySummary({ professionals }: { professionals: BoardProfessional[] }) {
  const { t } = useTranslation();
  const counts = dayCounts(professionals);
  const items = [
    t('desk.summary.expected', { count: counts.expected }),
    t('desk.summary.waiting', { count: counts.waiting }),
    t('desk.summary.inRoom', { count: counts.inRoom }),
    t('desk.summary.done', { count: counts.done }),
  ];
  return (
    <Group component="ul" aria-label={t('desk.summaryLabel')} gap="sm" p={0} m={0}>
      {items.map((item) => (
        <Paper
          component="li"
          key={item}
          withBorder
          px="md"
          py={6}
          radius="xl"
          style={{ listStyle: 'none' }}
        >
          <Text size="sm" fw={600}>
            {item}
          </Text>
        </Paper>
      ))}
    </Group>
  );
}
