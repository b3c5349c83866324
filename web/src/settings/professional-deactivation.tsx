import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { ApiProblem } from '../api/problems';
import { ProblemAlert } from '../app/problem-alert';
import { ProfessionalBlockingAppointments } from './professional-blocking-appointments';
import type { ProfessionalView } from './professional-form-values';

/** After a change of who is active, everything that lists or shows professionals. */
async function refreshProfessionals(queries: ReturnType<typeof useQueryClient>) {
  for (const queryKey of [['professional'], ['professionals'], ['specialties'], ['slots']]) {
    await queries.invalidateQueries({ queryKey });
  }
}

/**
 * Deactivating a professional, confirmed first. The API refuses (409) while appointments lie
 * ahead: they are listed, to move or cancel, with a button to try again.
 */
export function ProfessionalDeactivation({ professional }: { professional: ProfessionalView }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const { councilNumber, name } = professional;
  const deactivate = useMutation({
    mutationFn: () =>
      call(
        api.DELETE('/api/v1/professionals/{councilNumber}', {
          params: { path: { councilNumber } },
        }),
      ),
    onSettled: () => setConfirming(false),
    onSuccess: () => refreshProfessionals(queries),
  });
  const reactivate = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/professionals/{councilNumber}/reactivate', {
          params: { path: { councilNumber } },
        }),
      ),
    onSuccess: async () => {
      deactivate.reset();
      await refreshProfessionals(queries);
    },
  });
  const blocked = deactivate.error instanceof ApiProblem && deactivate.error.problem.status === 409;

  if (professional.active === false) {
    return (
      <Stack gap="sm">
        <Alert color={deactivate.isSuccess ? 'green' : 'gray'} role="status">
          {deactivate.isSuccess
            ? t('clinicSettings.deactivation.done', { name })
            : t('clinicSettings.deactivation.isDeactivated')}
        </Alert>
        {reactivate.error && <ProblemAlert error={reactivate.error} />}
        <Button
          variant="default"
          loading={reactivate.isPending}
          onClick={() => reactivate.mutate()}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('clinicSettings.deactivation.reactivate')}
        </Button>
      </Stack>
    );
  }

  return (
    <Stack gap="sm">
      {reactivate.isSuccess && (
        <Alert color="green" role="status">
          {t('clinicSettings.deactivation.reactivated', { name })}
        </Alert>
      )}
      {deactivate.error && <ProblemAlert error={deactivate.error} />}
      {blocked && (
        <>
          <Text>{t('clinicSettings.deactivation.blockedIntro')}</Text>
          <ProfessionalBlockingAppointments councilNumber={councilNumber} />
        </>
      )}
      <Button
        color="red"
        variant={blocked ? 'filled' : 'outline'}
        loading={deactivate.isPending && !confirming}
        onClick={() => (blocked ? deactivate.mutate() : setConfirming(true))}
        style={{ alignSelf: 'flex-start' }}
      >
        {blocked
          ? t('clinicSettings.deactivation.retry')
          : t('clinicSettings.deactivation.deactivate')}
      </Button>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('clinicSettings.deactivation.title', { name })}
        closeButtonProps={{ 'aria-label': t('clinicSettings.deactivation.keep') }}
        centered
      >
        <Stack>
          <Text>{t('clinicSettings.deactivation.body')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('clinicSettings.deactivation.keep')}
            </Button>
            <Button color="red" loading={deactivate.isPending} onClick={() => deactivate.mutate()}>
              {t('clinicSettings.deactivation.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
