import { Alert, Anchor, Button, Divider, Group, Loader, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, call } from '../api/client';
import { professionalQuery } from '../api/directory-queries';
import { ApiProblem } from '../api/problems';
import { ProblemAlert } from '../app/problem-alert';
import { StatusBadge } from '../app/status-badge';
import { ProfessionalDeactivation } from './professional-deactivation';
import { ProfessionalForm } from './professional-form';
import {
  newProfessionalBody,
  professionalUpdateBody,
  type ProfessionalValues,
  type ProfessionalView,
} from './professional-form-values';
import { SettingsFrame } from './settings-frame';

/** /settings/professionals/new registers a professional; /settings/professionals/:cn edits one. */
export function ProfessionalFormPage() {
  const { councilNumber } = useParams();
  return councilNumber ? (
    <EditProfessional councilNumber={councilNumber.toUpperCase()} />
  ) : (
    <RegisterProfessional />
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/settings/professionals" size="sm">
      ← {t('clinicSettings.professional.back')}
    </Anchor>
  );
}

function RegisterProfessional() {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const register = useMutation({
    mutationFn: (values: ProfessionalValues) =>
      call(api.POST('/api/v1/professionals', { body: newProfessionalBody(values) })),
    onSuccess: async (created) => {
      await queries.invalidateQueries({ queryKey: ['professionals'] });
      await queries.invalidateQueries({ queryKey: ['specialties'] });
      await navigate(`/settings/professionals/${created.councilNumber}`, {
        state: { registered: created.name },
      });
    },
  });
  return (
    <SettingsFrame title={t('clinicSettings.professional.newTitle')}>
      <BackLink />
      <ProfessionalForm
        saving={register.isPending}
        error={register.error}
        submitLabel={t('clinicSettings.professional.register')}
        onSubmit={(values) => register.mutateAsync(values)}
      />
    </SettingsFrame>
  );
}

function EditProfessional({ councilNumber }: { councilNumber: string }) {
  const { t } = useTranslation();
  const query = useQuery({ ...professionalQuery(councilNumber), staleTime: 0 });
  const professional = query.data;
  const title = professional
    ? t('clinicSettings.professional.editTitle', { name: professional.name })
    : t('clinicSettings.professionals.title');
  return (
    <SettingsFrame title={title}>
      <BackLink />
      {query.error ? (
        query.error instanceof ApiProblem && query.error.problem.status === 404 ? (
          <Text>{t('clinicSettings.professional.notFound')}</Text>
        ) : (
          <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
        )
      ) : !professional ? (
        <Loader aria-label={t('app.loading')} />
      ) : (
        // Keyed by the number: after a save that changed it, the form starts from the new data.
        <EditProfessionalLoaded key={professional.councilNumber} professional={professional} />
      )}
    </SettingsFrame>
  );
}

function EditProfessionalLoaded({ professional }: { professional: ProfessionalView }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const registered = (useLocation().state as { registered?: string } | null)?.registered;
  const { councilNumber } = professional;
  const save = useMutation({
    mutationFn: (values: ProfessionalValues) =>
      call(
        api.PATCH('/api/v1/professionals/{councilNumber}', {
          params: { path: { councilNumber } },
          body: professionalUpdateBody(values),
        }),
      ),
    onSuccess: async (saved) => {
      queries.setQueryData(professionalQuery(saved.councilNumber).queryKey, saved);
      await queries.invalidateQueries({ queryKey: ['professionals'] });
      await queries.invalidateQueries({ queryKey: ['specialties'] });
      // A new address in another state changes the number's suffix.
      if (saved.councilNumber !== councilNumber) {
        await navigate(`/settings/professionals/${saved.councilNumber}`, { replace: true });
      }
    },
  });
  return (
    <Stack gap="lg">
      {registered && (
        <Alert color="green" role="status">
          {t('clinicSettings.professional.registered', { name: registered })}
        </Alert>
      )}
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          <Text fw={500}>{councilNumber}</Text>
          {professional.active === false ? (
            <StatusBadge color="gray">{t('clinicSettings.deactivated')}</StatusBadge>
          ) : (
            <StatusBadge color="green">{t('clinicSettings.active')}</StatusBadge>
          )}
        </Group>
        <Button
          component={Link}
          to={`/settings/professionals/${councilNumber}/schedule`}
          variant={registered ? 'filled' : 'default'}
        >
          {t('clinicSettings.professional.schedule')}
        </Button>
      </Group>
      <ProfessionalDeactivation professional={professional} />
      <Divider />
      <ProfessionalForm
        professional={professional}
        saving={save.isPending}
        error={save.error}
        submitLabel={t('clinicSettings.save')}
        savedNote={save.isSuccess ? t('clinicSettings.saved') : null}
        onSubmit={(values) => save.mutateAsync(values)}
      />
    </Stack>
  );
}
