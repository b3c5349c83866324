import { Anchor, Button, Group, Loader, NativeSelect, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { specialtiesQuery } from '../api/directory-queries';
import { ProblemAlert } from '../app/problem-alert';
import { StatusBadge } from '../app/status-badge';
import { ProfessionalOpenByNumber } from './professional-open-by-number';
import { settingsProfessionalsQuery } from './professional-queries';
import { SettingsFrame } from './settings-frame';

/** The clinic's professionals for an admin: find one, open it to edit, or register a new one. */
export function ProfessionalsSettingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [specialty, setSpecialty] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const specialties = useQuery(specialtiesQuery);
  const list = useQuery({
    ...settingsProfessionalsQuery(q, specialty || null),
    placeholderData: keepPreviousData,
  });

  return (
    <SettingsFrame title={t('clinicSettings.professionals.title')}>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Group align="flex-end" wrap="wrap" style={{ flexGrow: 1 }}>
          <TextInput
            label={t('clinicSettings.professionals.search')}
            type="search"
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={{ base: '100%', sm: 320 }}
          />
          <NativeSelect
            label={t('clinicSettings.professionals.specialty')}
            value={specialty}
            onChange={(event) => setSpecialty(event.currentTarget.value)}
            data={[
              { value: '', label: t('clinicSettings.professionals.allSpecialties') },
              ...(specialties.data ?? []).map(({ name }) => ({ value: name, label: name })),
            ]}
            w={{ base: '100%', sm: 240 }}
          />
        </Group>
        <Button component={Link} to="/settings/professionals/new">
          {t('clinicSettings.professionals.register')}
        </Button>
      </Group>
      {list.error ? (
        <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <Loader aria-label={t('app.loading')} />
      ) : !list.data.items.length ? (
        <Text c="dimmed">{t('clinicSettings.professionals.none')}</Text>
      ) : (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('clinicSettings.professionals.count', { count: list.data.total })}
          </Text>
          <Table.ScrollContainer minWidth={640}>
            <Table striped highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('clinicSettings.professionals.name')}</Table.Th>
                  <Table.Th>{t('clinicSettings.professionals.specialty')}</Table.Th>
                  <Table.Th>{t('clinicSettings.professionals.councilNumber')}</Table.Th>
                  <Table.Th>{t('clinicSettings.professionals.room')}</Table.Th>
                  <Table.Th>{t('clinicSettings.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((professional) => (
                  <Table.Tr key={professional.councilNumber}>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/settings/professionals/${professional.councilNumber}`}
                        fw={500}
                      >
                        {professional.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{professional.specialty}</Table.Td>
                    <Table.Td>{professional.councilNumber}</Table.Td>
                    <Table.Td>{professional.officeNumber ?? '—'}</Table.Td>
                    <Table.Td>
                      {professional.active === false ? (
                        <StatusBadge color="gray">{t('clinicSettings.deactivated')}</StatusBadge>
                      ) : (
                        <StatusBadge color="green">{t('clinicSettings.active')}</StatusBadge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
      <Text size="sm" c="dimmed">
        {t('clinicSettings.professionals.listNote')}
      </Text>
      <ProfessionalOpenByNumber
        onOpen={(councilNumber) => void navigate(`/settings/professionals/${councilNumber}`)}
      />
    </SettingsFrame>
  );
}
