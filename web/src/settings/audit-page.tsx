import { Anchor, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { clinicInstant } from '../time/clinic-instant';
import { addDays } from '../time/days';
import { useClinicTime } from '../time/use-clinic-time';
import { AuditFilters, type AuditFilter } from './audit-filters';
import { SettingsFrame } from './settings-frame';
import { SettingsTable } from './settings-table';

const PAGE_SIZE = 25;

/** An action's name as the staff read it (`patient.read` → "Opened the patient's record"). */
const actionKey = (action: string) => `logs.audit.actions.${action.replaceAll('.', '_')}`;

/** The audit log (/settings/audit): who read or changed which patient's data, when, from where. */
export function AuditPage() {
  const { t } = useTranslation();
  const time = useClinicTime();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState(1);
  const apply = (next: AuditFilter) => {
    setFilter(next);
    setPage(1);
  };
  const log = useQuery({
    queryKey: ['audit', filter, page],
    queryFn: () =>
      call(
        api.GET('/api/v1/audit', {
          params: {
            query: {
              patient: filter.patient,
              actor: filter.actor?.id,
              // Whole days on the clinic's calendar, the last one included.
              from: filter.from && clinicInstant(filter.from, '00:00', time.timeZone),
              to: filter.to && clinicInstant(addDays(filter.to, 1), '00:00', time.timeZone),
              page,
              pageSize: PAGE_SIZE,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });

  return (
    <SettingsFrame title={t('logs.audit.title')}>
      <Text c="dimmed">{t('logs.audit.intro')}</Text>
      <AuditFilters value={filter} onChange={apply} />
      <SettingsTable
        query={log}
        empty={t('logs.audit.none')}
        minWidth={900}
        headers={[
          t('logs.audit.when'),
          t('logs.audit.who'),
          t('logs.audit.what'),
          t('logs.audit.whose'),
          t('logs.audit.where'),
        ]}
        pager={{ page, pageSize: PAGE_SIZE, onChange: setPage }}
      >
        {(entry) => (
          <Table.Tr key={entry.id}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.dateTime(entry.at)}</Table.Td>
            <Table.Td>
              {entry.actor ? (
                <>
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    title={t('logs.audit.onlyActor', { name: entry.actor.name })}
                    aria-label={t('logs.audit.onlyActor', { name: entry.actor.name })}
                    onClick={() =>
                      apply({
                        ...filter,
                        actor: { id: entry.actor!.id, name: entry.actor!.name },
                      })
                    }
                  >
                    {entry.actor.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {t(`logs.messages.roles.${entry.actor.role}`, {
                      defaultValue: entry.actor.role,
                    })}
                  </Text>
                </>
              ) : (
                t('logs.audit.system')
              )}
            </Table.Td>
            <Table.Td>{t(actionKey(entry.action), { defaultValue: entry.action })}</Table.Td>
            <Table.Td>
              <Text size="sm">{entry.patient.name}</Text>
              <Text size="xs" c="dimmed">
                {entry.patient.registerNumber}
              </Text>
            </Table.Td>
            <Table.Td>{entry.ip ?? '—'}</Table.Td>
          </Table.Tr>
        )}
      </SettingsTable>
    </SettingsFrame>
  );
}
