import { Alert, Button, Group, Loader, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { displayPhone } from '../app/phone';
import { ProblemAlert } from '../app/problem-alert';
import { StatusBadge } from '../app/status-badge';
import { meQuery } from '../session/queries';
import { useClinicTime } from '../time/use-clinic-time';
import { AdminDeactivateModal } from './admin-deactivate-modal';
import { AdminFormModal, type AdminView } from './admin-form-modal';
import { SettingsFrame } from './settings-frame';

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
      {notice && (
        <Alert
          color="green"
          role="status"
          withCloseButton
          closeButtonLabel={t('clinicSettings.close')}
          onClose={() => setNotice(null)}
        >
          {notice}
        </Alert>
      )}
      {admins.error ? (
        <ProblemAlert error={admins.error} onRetry={() => void admins.refetch()} />
      ) : !admins.data ? (
        <Loader aria-label={t('app.loading')} />
      ) : !admins.data.items.length ? (
        <Text c="dimmed">{t('clinicSettings.admins.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('clinicSettings.admins.name')}</Table.Th>
                <Table.Th>{t('clinicSettings.admins.email')}</Table.Th>
                <Table.Th>{t('clinicSettings.admins.phone')}</Table.Th>
                <Table.Th>{t('clinicSettings.admins.created')}</Table.Th>
                <Table.Th>{t('clinicSettings.status')}</Table.Th>
                <Table.Th>{t('clinicSettings.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {admins.data.items.map((admin) => (
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
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
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
