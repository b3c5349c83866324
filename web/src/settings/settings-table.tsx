import { Loader, Stack, Table, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../app/problem-alert';
import { LogPager } from './audit-pager';

/**
 * A settings list the API answered, as a table, in each of its states: failed (the reason, and
 * a retry), loading, empty (`empty` says so), or its rows (`children` draws one `Table.Tr`),
 * with the pager under it when the list is a log read page by page.
 */
export function SettingsTable<Item>({
  query,
  empty,
  minWidth,
  headers,
  pager,
  children,
}: {
  query: UseQueryResult<{ items: Item[]; total: number }>;
  empty: string;
  minWidth: number;
  headers: string[];
  pager?: { page: number; pageSize: number; onChange: (page: number) => void };
  children: (item: Item) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.error) return <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Loader aria-label={t('app.loading')} />;
  if (!query.data.items.length) return <Text c="dimmed">{empty}</Text>;
  const table = (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            {headers.map((header, column) => (
              <Table.Th key={column}>{header}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{query.data.items.map(children)}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
  if (!pager) return table;
  return (
    <Stack gap="sm">
      {table}
      <LogPager {...pager} total={query.data.total} />
    </Stack>
  );
}
