import { Button, Group, Select, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';

/** What the audit log is filtered by: days are the clinic's calendar days, `to` included. */
export interface AuditFilter {
  patient?: string;
  actor?: { id: string; name: string };
  from?: string;
  to?: string;
}

// As the API checks it (src/modules/people/patients-schemas.ts).
const REGISTER_NUMBER = /^[A-Za-z]{6}-[0-9]$/;

const staffQuery = {
  queryKey: ['admins', 'audit-actors'],
  queryFn: () => call(api.GET('/api/v1/admins', { params: { query: { page: 1, pageSize: 100 } } })),
  staleTime: 5 * 60_000,
};

/**
 * The audit log's filters: a patient's register number, who acted (the clinic's admins, or
 * anyone picked from a row), and a period of days. Checked here before the API is asked.
 */
export function AuditFilters({
  value,
  onChange,
}: {
  value: AuditFilter;
  onChange: (filter: AuditFilter) => void;
}) {
  const { t } = useTranslation();
  const admins = useQuery(staffQuery);
  const [draft, setDraft] = useState<AuditFilter>(value);
  const [errors, setErrors] = useState<{ patient?: string; to?: string }>({});
  // A filter picked from a row replaces what was typed.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setDraft(value);
  }
  const actors = [
    ...(admins.data?.items ?? []).map((admin) => ({ value: admin.id, label: admin.name })),
  ];
  if (draft.actor && !actors.some((actor) => actor.value === draft.actor!.id)) {
    actors.unshift({ value: draft.actor.id, label: draft.actor.name });
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const patient = draft.patient?.trim() || undefined;
    const found = {
      patient: patient && !REGISTER_NUMBER.test(patient) ? t('logs.audit.badPatient') : undefined,
      to: draft.from && draft.to && draft.to < draft.from ? t('logs.audit.badPeriod') : undefined,
    };
    setErrors(found);
    if (found.patient || found.to) return;
    onChange({ ...draft, patient });
  };

  return (
    <form onSubmit={submit} aria-label={t('logs.filters')} noValidate>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          label={t('logs.audit.patient')}
          placeholder={t('logs.audit.patientHint')}
          value={draft.patient ?? ''}
          error={errors.patient}
          onChange={(event) => setDraft({ ...draft, patient: event.currentTarget.value })}
          w={{ base: '100%', xs: 220 }}
        />
        <Select
          label={t('logs.audit.actor')}
          placeholder={t('logs.audit.anyone')}
          data={actors}
          value={draft.actor?.id ?? null}
          onChange={(id, option) =>
            setDraft({ ...draft, actor: id ? { id, name: option?.label ?? '' } : undefined })
          }
          clearable
          searchable
          w={{ base: '100%', xs: 240 }}
        />
        <TextInput
          type="date"
          label={t('logs.audit.from')}
          value={draft.from ?? ''}
          onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value || undefined })}
          w={{ base: '100%', xs: 170 }}
        />
        <TextInput
          type="date"
          label={t('logs.audit.to')}
          value={draft.to ?? ''}
          error={errors.to}
          onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value || undefined })}
          w={{ base: '100%', xs: 170 }}
        />
        <Group gap="sm" mt={{ base: 0, xs: 25 }}>
          <Button type="submit">{t('logs.apply')}</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft({});
              setErrors({});
              onChange({});
            }}
          >
            {t('logs.clear')}
          </Button>
        </Group>
      </Group>
    </form>
  );
}
