import { Button, Group, Select, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { notificationKinds } from '../../../src/modules/notifications/templates/kinds.js';
import type { paths } from '../api/schema';

type LogQuery = NonNullable<paths['/api/v1/notifications']['get']['parameters']['query']>;
export type MessageFilter = Pick<LogQuery, 'status' | 'channel' | 'event' | 'recipient'>;

const STATUSES = ['failed', 'not_sent', 'queued', 'sent', 'skipped'] as const;
const CHANNELS = ['email', 'sms', 'whatsapp'] as const;

/** An event's name as the staff read it (`appointment.booked` → "Appointment booked"). */
export const eventKey = (event: string) => `logs.messages.events.${event.replace('.', '_')}`;

/** The delivery log's filters: applied together, from the button or Enter in the field. */
export function NotificationFilters({
  value,
  onChange,
}: {
  value: MessageFilter;
  onChange: (filter: MessageFilter) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<MessageFilter>(value);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const recipient = draft.recipient?.trim();
    onChange({ ...draft, recipient: recipient || undefined });
  };
  const options = <T extends string>(values: readonly T[], label: (value: T) => string) =>
    values.map((item) => ({ value: item, label: label(item) }));
  return (
    <form onSubmit={submit} aria-label={t('logs.filters')}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label={t('logs.messages.status')}
          placeholder={t('logs.all')}
          data={options(STATUSES, (status) => t(`logs.messages.statuses.${status}`))}
          value={draft.status ?? null}
          onChange={(status) => setDraft({ ...draft, status: status ?? undefined })}
          clearable
          w={{ base: '100%', xs: 170 }}
        />
        <Select
          label={t('logs.messages.channel')}
          placeholder={t('logs.all')}
          data={options(CHANNELS, (channel) => t(`logs.messages.channels.${channel}`))}
          value={draft.channel ?? null}
          onChange={(channel) => setDraft({ ...draft, channel: channel ?? undefined })}
          clearable
          w={{ base: '100%', xs: 150 }}
        />
        <Select
          label={t('logs.messages.event')}
          placeholder={t('logs.all')}
          data={options(notificationKinds, (event) => t(eventKey(event)))}
          value={draft.event ?? null}
          onChange={(event) => setDraft({ ...draft, event: event ?? undefined })}
          clearable
          w={{ base: '100%', xs: 260 }}
        />
        <TextInput
          label={t('logs.messages.recipient')}
          placeholder={t('logs.messages.recipientHint')}
          value={draft.recipient ?? ''}
          onChange={(event) => setDraft({ ...draft, recipient: event.currentTarget.value })}
          w={{ base: '100%', xs: 260 }}
        />
        <Button type="submit">{t('logs.apply')}</Button>
        <Button
          variant="default"
          onClick={() => {
            setDraft({});
            onChange({});
          }}
        >
          {t('logs.clear')}
        </Button>
      </Group>
    </form>
  );
}
