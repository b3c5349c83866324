import { Button } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';

/**
 * "Retry" on a message given up (failed, or not sent): the API queues it again for the worker.
 * The log is read again either way, so the row shows what the API now says of it.
 */
export function NotificationRetryButton({
  id,
  label,
  onDone,
  onError,
}: {
  id: string;
  label: string;
  onDone: () => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const retry = useMutation({
    mutationFn: () =>
      call(api.POST('/api/v1/notifications/{id}/retry', { params: { path: { id } } })),
    onSuccess: onDone,
    onError,
    onSettled: () => queries.invalidateQueries({ queryKey: ['notifications'] }),
  });
  return (
    <Button
      size="xs"
      variant="default"
      aria-label={label}
      loading={retry.isPending}
      onClick={() => retry.mutate()}
    >
      {t('logs.messages.retry')}
    </Button>
  );
}
