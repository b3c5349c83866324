import { Button, Group, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { displayPhone } from '../app/phone';
import { StatusBadge } from '../app/status-badge';
import { meQuery } from '../session/queries';
import { useClinicTime } from '../time/use-clinic-time';
import { AdminDeactivateModal } from './admin-deactivate-modal';
import { AdminFormModal, type AdminView } from './admin-form-modal';
import { SettingsFrame } from './settings-frame';
import { SettingsNotice } from './settings-notice';
import { SettingsTable } from './settings-table';

const adminsQuery = {
  queryKey: ['admins'],
  queryFn: () => call(api.GET('/api/v1/admins', { params: { query: { page: 1, pageSize: 100 } } })),
};

type Dialog =
  | { kind: 'register' }
  | { kind: 'edit'; admin: AdminView }
  | { kind: 'deactivate'; admin: AdminView };

/** The clinic's staff accounts: register, edit, deactivate (never the last active one). */
export function AdminsPage() {
  const { t } = useTranslation();
  const time = useClinicTime();
  const me = useQuery(meQuery).data;
  const admins = useQuery(adminsQuery);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const close = () => setDialog(null);

  return (
    <SettingsFrame title={t('clinicSettings.admins.title')}>
      <Group justify="space-between" wrap="wrap">
        <Text c="dimmed">{t('clinicSettings.admins.intro')}</Text>
        <Button onClick={() => setDialog({ kind: 'register' })}>
          {t('clinicSettings.admins.register')}
        </Button>
      </Group>
      <SettingsNotice notice={notice} onClose={() => setNotice(null)} />
      <SettingsTable
        query={admins}
        empty={t('clinicSettings.admins.none')}
        minWidth={720}
        headers={[
          t('clinicSettings.admins.name'),
          t('clinicSettings.admins.email'),
          t('clinicSettings.admins.phone'),
          t('clinicSettings.admins.created'),
          t('clinicSettings.status'),
          t('clinicSettings.actions'),
        ]}
      >
        {(admin) => (
          <Table.Tr key={admin.id}>
            <Table.Td>
              {admin.name} {admin.id === me?.id && t('clinicSettings.admins.you')}
            </Table.Td>
            <Table.Td>{admin.email}</Table.Td>
            <Table.Td>{admin.phone ? displayPhone(admin.phone) : '—'}</Table.Td>
            <Table.Td>{time.date(admin.createdAt)}</Table.Td>
            <Table.Td>
              {admin.active ? (
                <StatusBadge color="green">{t('clinicSettings.active')}</StatusBadge>
              ) : (
                <StatusBadge color="gray">{t('clinicSettings.deactivated')}</StatusBadge>
              )}
            </Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <Button
                  size="xs"
                  variant="default"
                  aria-label={t('clinicSettings.admins.editLabel', { name: admin.name })}
                  onClick={() => setDialog({ kind: 'edit', admin })}
                >
                  {t('clinicSettings.edit')}
                </Button>
                {admin.active && (
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={t('clinicSettings.admins.deactivateLabel', {
                      name: admin.name,
                    })}
                    onClick={() => setDialog({ kind: 'deactivate', admin })}
                  >
                    {t('clinicSettings.admins.deactivate')}
                  </Button>
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
        )}
      </SettingsTable>
      {dialog?.kind === 'register' && (
        <AdminFormModal
          onClose={close}
          onSaved={(saved) => {
            close();
            setNotice(t('clinicSettings.admins.registered', { name: saved.name }));
          }}
        />
      )}
      {dialog?.kind === 'edit' && (
        <AdminFormModal
          admin={dialog.admin}
          onClose={close}
          onSaved={() => {
            close();
            setNotice(t('clinicSettings.saved'));
          }}
        />
      )}
      {dialog?.kind === 'deactivate' && (
        <AdminDeactivateModal
          admin={dialog.admin}
          onClose={close}
          onDone={() => {
            close();
            setNotice(t('clinicSettings.admins.deactivated', { name: dialog.admin.name }));
          }}
        />
      )}
    </SettingsFrame>
  );
}
