import { Box, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LiveStatus } from './board-stream';

const dot: Record<LiveStatus, string> = {
  connecting: 'var(--mantine-color-gray-6)',
  live: 'var(--mantine-color-green-7)',
  reconnecting: 'var(--mantine-color-orange-7)',
};

/** Whether the board is live; said politely to screen readers when it changes. */
export function LiveIndicator({ status }: { status: LiveStatus }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} role="status" aria-live="polite" wrap="nowrap">
      <Box w={10} h={10} style={{ borderRadius: '50%', background: dot[status], flex: 'none' }} />
      <Text size="sm">{t(`desk.status.${status}`)}</Text>
    </Group>
  );
}
