import { Button, Group, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { ProblemAlert } from '../app/problem-alert';
import { StatusBadge } from '../app/status-badge';
import { useClinicTime } from '../time/use-clinic-time';
import { DisplayCreatedModal } from './display-created-modal';
import { DisplayRevokeModal, type DisplayTokenView } from './display-revoke-modal';
import { SettingsFrame } from './settings-frame';
import { SettingsNotice } from './settings-notice';
import { SettingsTable } from './settings-table';

const displayTokensQuery = {
  queryKey: ['display-tokens'],
  queryFn: () =>
    call(api.GET('/api/v1/display/tokens', { params: { query: { page: 1, pageSize: 100 } } })),
};

/** The waiting-room screens' links: create one (its address shown once), list, revoke. */
export function DisplaysPage() {
  const { t } = useTranslation();
  const time = useClinicTime();
  const queries = useQueryClient();
  const tokens = useQuery(displayTokensQuery);
  const [name, setName] = useState('');
  const [revoking, setRevoking] = useState<DisplayTokenView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => call(api.POST('/api/v1/display/tokens', { body: { name: name.trim() } })),
    onSuccess: async () => {
      setName('');
      setNotice(null);
      await queries.invalidateQueries({ queryKey: ['display-tokens'] });
    },
  });
  const created = create.data;

  return (
    <SettingsFrame title={t('clinicSettings.displays.title')}>
      <Text c="dimmed">{t('clinicSettings.displays.intro')}</Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim()) create.mutate();
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label={t('clinicSettings.displays.name')}
            placeholder={t('clinicSettings.displays.namePlaceholder')}
            value={name}
            maxLength={120}
            required
            onChange={(event) => setName(event.currentTarget.value)}
            w={{ base: '100%', sm: 360 }}
          />
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
            {t('clinicSettings.displays.create')}
          </Button>
        </Group>
      </form>
      {create.error && <ProblemAlert error={create.error} />}
      <SettingsNotice notice={notice} onClose={() => setNotice(null)} />
      <SettingsTable
        query={tokens}
        empty={t('clinicSettings.displays.none')}
        minWidth={560}
        headers={[
          t('clinicSettings.displays.name'),
          t('clinicSettings.displays.created'),
          t('clinicSettings.status'),
          t('clinicSettings.actions'),
        ]}
      >
        {(display) => (
          <Table.Tr key={display.id}>
            <Table.Td>{display.name}</Table.Td>
            <Table.Td>{time.dateTime(display.createdAt)}</Table.Td>
            <Table.Td>
              {display.revokedAt ? (
                <StatusBadge color="gray">
                  {t('clinicSettings.displays.revokedOn', {
                    when: time.date(display.revokedAt),
                  })}
                </StatusBadge>
              ) : (
                <StatusBadge color="green">{t('clinicSettings.active')}</StatusBadge>
              )}
            </Table.Td>
            <Table.Td>
              {!display.revokedAt && (
                <Button
                  size="xs"
                  variant="default"
                  aria-label={t('clinicSettings.displays.revokeLabel', {
                    name: display.name,
                  })}
                  onClick={() => setRevoking(display)}
                >
                  {t('clinicSettings.displays.revoke')}
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        )}
      </SettingsTable>
      {created && (
        <DisplayCreatedModal
          name={created.name}
          token={created.token}
          onClose={() => create.reset()}
        />
      )}
      {revoking && (
        <DisplayRevokeModal
          display={revoking}
          onClose={() => setRevoking(null)}
          onDone={() => {
            setNotice(t('clinicSettings.displays.revoked', { name: revoking.name }));
            setRevoking(null);
          }}
        />
      )}
    </SettingsFrame>
  );
}
