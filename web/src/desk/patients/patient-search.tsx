import { Loader, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemOf } from '../../api/types';
import { displayPhone } from '../../app/phone';
import { ProblemAlert } from '../../app/problem-alert';
import { StatusBadge } from '../../app/status-badge';
import { patientSearchQuery, SEARCH_MIN_LENGTH } from './desk-queries';

export type FoundPatient = ItemOf<'/api/v1/patients'> & { active: boolean };

/** The one search box: a name, a CPF, a register number (ZxcVaS-2) or an e-mail. */
export function PatientSearchBox({
  value,
  onChange,
  autoFocus = false,
}: {
  value: string;
  onChange: (value: string) => void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <TextInput
      type="search"
      label={t('deskPatients.search.label')}
      description={t('deskPatients.search.hint')}
      value={value}
      maxLength={100}
      autoComplete="off"
      autoFocus={autoFocus}
      data-autofocus={autoFocus || undefined}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}

/**
 * The patients matching `search`, as a table: each row ends with `action` (a link to the record,
 * or "Choose"). With `withDeactivated`, deactivated patients follow, shown as such.
 */
export function PatientResults({
  search,
  withDeactivated,
  action,
}: {
  search: string;
  withDeactivated: boolean;
  action: (patient: FoundPatient) => ReactNode;
}) {
  const { t } = useTranslation();
  // One request once typing pauses, not one a key.
  const [q] = useDebouncedValue(search.trim(), 300);
  const active = useQuery(patientSearchQuery(q, true));
  const inactive = useQuery({
    ...patientSearchQuery(q, false),
    enabled: withDeactivated && q.length >= SEARCH_MIN_LENGTH,
  });

  if (search.trim().length < SEARCH_MIN_LENGTH) {
    return (
      <Text c="dimmed">{t('deskPatients.search.tooShort', { count: SEARCH_MIN_LENGTH })}</Text>
    );
  }
  const error = active.error ?? (withDeactivated ? inactive.error : null);
  if (error) {
    return (
      <ProblemAlert
        error={error}
        onRetry={() => {
          void active.refetch();
          if (withDeactivated) void inactive.refetch();
        }}
      />
    );
  }
  if (!active.data || (withDeactivated && !inactive.data) || q !== search.trim()) {
    return <Loader aria-label={t('app.loading')} />;
  }
  const found: FoundPatient[] = [
    ...active.data.items.map((item) => ({ ...item, active: true })),
    ...(withDeactivated ? (inactive.data?.items ?? []) : []).map((item) => ({
      ...item,
      active: false,
    })),
  ];
  const total = active.data.total + (withDeactivated ? (inactive.data?.total ?? 0) : 0);
  if (!found.length) return <Text c="dimmed">{t('deskPatients.search.none', { search: q })}</Text>;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed" role="status">
        {total > found.length
          ? t('deskPatients.search.some', { count: total, shown: found.length })
          : t('deskPatients.search.found', { count: total })}
      </Text>
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('deskPatients.columns.name')}</Table.Th>
              <Table.Th>{t('deskPatients.columns.registerNumber')}</Table.Th>
              <Table.Th>{t('deskPatients.columns.cpf')}</Table.Th>
              <Table.Th>{t('deskPatients.columns.phone')}</Table.Th>
              <Table.Th>{t('deskPatients.columns.status')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('deskPatients.columns.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {found.map((patient) => (
              <Table.Tr key={patient.registerNumber}>
                <Table.Td fw={600}>{patient.name}</Table.Td>
                <Table.Td ff="monospace">{patient.registerNumber}</Table.Td>
                <Table.Td ff="monospace">{patient.cpf ?? '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {patient.phone ? displayPhone(patient.phone) : '—'}
                </Table.Td>
                <Table.Td>
                  <PatientStatus active={patient.active} />
                </Table.Td>
                <Table.Td ta="right">{action(patient)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

export function PatientStatus({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <StatusBadge color={active ? 'green' : 'gray'}>
      {t(active ? 'deskPatients.status.active' : 'deskPatients.status.deactivated')}
    </StatusBadge>
  );
}
