import { Alert, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { displayPhone } from '../app/phone';
import { ProblemAlert } from '../app/problem-alert';
import { StatusBadge } from '../app/status-badge';
import { useClinicTime } from '../time/use-clinic-time';
import { eventKey, NotificationFilters, type MessageFilter } from './notification-filters';
import { NotificationRetryButton } from './notification-retry-button';
import { SettingsFrame } from './settings-frame';
import { SettingsTable } from './settings-table';

const PAGE_SIZE = 25;
const badgeColor = {
  queued: 'blue',
  sent: 'green',
  failed: 'red',
  skipped: 'gray',
  not_sent: 'gray',
} as const;
/** The states the API sends a message again from (a code's message it refuses: it is gone). */
const retryable = (status: string, event: string) =>
  (status === 'failed' || status === 'not_sent') && !event.startsWith('code.');

/** The delivery log (/settings/messages): every message, its state and why it failed; retry. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const time = useClinicTime();
  const [filter, setFilter] = useState<MessageFilter>({});
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<unknown>(null);
  const log = useQuery({
    queryKey: ['notifications', filter, page],
    queryFn: () =>
      call(
        api.GET('/api/v1/notifications', {
          params: { query: { ...filter, page, pageSize: PAGE_SIZE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });

  return (
    <SettingsFrame title={t('logs.messages.title')}>
      <Text c="dimmed">{t('logs.messages.intro')}</Text>
      <NotificationFilters
        value={filter}
        onChange={(next) => {
          setFilter(next);
          setPage(1);
        }}
      />
      {notice && (
        <Alert color="green" role="status" withCloseButton onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      {refusal !== null && <ProblemAlert error={refusal} />}
      <SettingsTable
        query={log}
        empty={t('logs.messages.none')}
        minWidth={1100}
        headers={[
          t('logs.messages.when'),
          t('logs.messages.event'),
          t('logs.messages.channel'),
          t('logs.messages.recipient'),
          t('logs.messages.destination'),
          t('logs.messages.status'),
          t('logs.messages.attempts'),
          t('logs.messages.lastError'),
          t('logs.messages.actions'),
        ]}
        pager={{ page, pageSize: PAGE_SIZE, onChange: setPage }}
      >
        {(message) => (
          <Table.Tr key={message.id}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.dateTime(message.createdAt)}</Table.Td>
            <Table.Td>{t(eventKey(message.event), { defaultValue: message.event })}</Table.Td>
            <Table.Td>{t(`logs.messages.channels.${message.channel}`)}</Table.Td>
            <Table.Td>
              <Text size="sm">{message.recipient.name}</Text>
              <Text size="xs" c="dimmed">
                {t(`logs.messages.roles.${message.recipient.role}`, {
                  defaultValue: message.recipient.role,
                })}
              </Text>
            </Table.Td>
            <Table.Td style={{ wordBreak: 'break-all' }}>
              {message.channel === 'email'
                ? message.destination
                : displayPhone(message.destination)}
            </Table.Td>
            <Table.Td>
              <StatusBadge color={badgeColor[message.status]}>
                {t(`logs.messages.statuses.${message.status}`)}
              </StatusBadge>
              {message.nextAttemptAt && (
                <Text size="xs" c="dimmed">
                  {t('logs.messages.nextAttempt', {
                    time: time.time(message.nextAttemptAt),
                  })}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{message.attempts}</Table.Td>
            <Table.Td maw={280}>
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {message.lastError ?? '—'}
              </Text>
            </Table.Td>
            <Table.Td>
              {retryable(message.status, message.event) && (
                <NotificationRetryButton
                  id={message.id}
                  label={t('logs.messages.retryLabel', {
                    channel: t(`logs.messages.channels.${message.channel}`),
                    name: message.recipient.name,
                  })}
                  onDone={() => {
                    setRefusal(null);
                    setNotice(t('logs.messages.retried', { name: message.recipient.name }));
                  }}
                  onError={(error) => {
                    setNotice(null);
                    setRefusal(error);
                  }}
                />
              )}
            </Table.Td>
          </Table.Tr>
        )}
      </SettingsTable>
    </SettingsFrame>
  );
}
