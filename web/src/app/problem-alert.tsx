import { Alert, Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiProblem, OfflineError } from '../api/problems';

/** What went wrong, in the user's words: the API's own message, or that the network is down. */
export function ProblemAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message =
    error instanceof ApiProblem
      ? (error.problem.detail ?? error.problem.title)
      : error instanceof OfflineError
        ? t('app.offline')
        : t('app.failed');
  return (
    <Alert color="red" role="alert" title={message}>
      {onRetry && (
        <Group mt="xs">
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            {t('app.retry')}
          </Button>
        </Group>
      )}
    </Alert>
  );
}
