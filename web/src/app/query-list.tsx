import { Loader, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from './problem-alert';

/**
 * A list the API answered, in each of its states: failed (the reason, and a retry), loading,
 * empty (`empty` says so), or its items.
 */
export function QueryList<Item>({
  query,
  empty,
  children,
}: {
  query: UseQueryResult<{ items: Item[] }>;
  empty: string;
  children: (item: Item) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.error) return <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Loader aria-label={t('app.loading')} />;
  if (!query.data.items.length) return <Text c="dimmed">{empty}</Text>;
  return <Stack gap="sm">{query.data.items.map(children)}</Stack>;
}
