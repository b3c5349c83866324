import { Button, Group, Loader, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../app/problem-alert';
import { useClinicTime } from '../time/use-clinic-time';
import { useLiveBoard } from './board/board-stream';
import type { Board } from './board/board-types';
import { DaySummary } from './board/day-summary';
import { LiveIndicator } from './board/live-indicator';
import { ProfessionalColumn } from './board/professional-column';
import { useServerNow } from './board/waited';
import { WalkInDialog } from './patients/walk-in-dialog';

/**
 * The front desk's board (/desk): today's appointments of every professional at work, live,
 * with the desk's moves on each (check in, call, no-show, cancel, reschedule) and walk-ins.
 */
export function BoardPage() {
  const { t } = useTranslation();
  const { day, today } = useClinicTime();
  const { query, status } = useLiveBoard();
  const [walkIn, setWalkIn] = useState(false);
  return (
    <Stack maw={1800} mx="auto" gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Stack gap={0}>
          <Title order={1} size="h2">
            {t('desk.title')}
          </Title>
          <Text c="dimmed">{day(query.data?.date ?? today)}</Text>
        </Stack>
        <Group gap="md">
          <LiveIndicator status={status} />
          <Button onClick={() => setWalkIn(true)}>{t('desk.walkIn')}</Button>
        </Group>
      </Group>
      {query.data ? (
        <BoardBody board={query.data} receivedAt={query.dataUpdatedAt} />
      ) : query.error ? (
        <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Loader aria-label={t('app.loading')} />
      )}
      {/* A failed refresh behind a board already shown: the board stays, with the reason. */}
      {query.data && query.error && status !== 'live' && <ProblemAlert error={query.error} />}
      <WalkInDialog opened={walkIn} onClose={() => setWalkIn(false)} />
    </Stack>
  );
}

function BoardBody({ board, receivedAt }: { board: Board; receivedAt: number }) {
  const { t } = useTranslation();
  const now = useServerNow(board.now, receivedAt);
  const [chosen, setChosen] = useState<string | null>(null);
  if (!board.professionals.length) return <Text c="dimmed">{t('desk.noProfessionals')}</Text>;
  const current =
    board.professionals.find((professional) => professional.councilNumber === chosen) ??
    board.professionals[0]!;
  // A phone shows one professional at a time, chosen in the select. CSS hides the others rather
  // than leaving them out: a column taken off the page would take its open dialog with it when
  // the width crosses the breakpoint (a tablet turned, a window resized).
  return (
    <Stack gap="md">
      <DaySummary professionals={board.professionals} />
      <Select
        hiddenFrom="sm"
        label={t('desk.professional')}
        data={board.professionals.map((professional) => ({
          value: professional.councilNumber,
          label: `${professional.name} · ${professional.specialty}`,
        }))}
        value={current.councilNumber}
        onChange={setChosen}
        allowDeselect={false}
      />
      <div
        style={{
          display: 'grid',
          gap: 'var(--mantine-spacing-md)',
          gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 340px), 1fr))',
          alignItems: 'start',
        }}
      >
        {board.professionals.map((professional) => (
          <ProfessionalColumn
            key={professional.councilNumber}
            professional={professional}
            now={now}
            visibleFrom={professional === current ? undefined : 'sm'}
          />
        ))}
      </div>
    </Stack>
  );
}
