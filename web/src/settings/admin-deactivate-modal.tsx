import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { ProblemAlert } from '../app/problem-alert';
import type { AdminView } from './admin-form-modal';

/** Confirms an admin's deactivation; the API's refusal (the last active admin) is shown here. */
export function AdminDeactivateModal({
  admin,
  onClose,
  onDone,
}: {
  admin: AdminView;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const deactivate = useMutation({
    mutationFn: () =>
      call(api.DELETE('/api/v1/admins/{id}', { params: { path: { id: admin.id } } })),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['admins'] });
      onDone();
    },
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('clinicSettings.admins.deactivateTitle', { name: admin.name })}
      closeButtonProps={{ 'aria-label': t('clinicSettings.admins.keep') }}
      centered
    >
      <Stack>
        <Text>{t('clinicSettings.admins.deactivateBody')}</Text>
        {deactivate.error && <ProblemAlert error={deactivate.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('clinicSettings.admins.keep')}
          </Button>
          <Button color="red" loading={deactivate.isPending} onClick={() => deactivate.mutate()}>
            {t('clinicSettings.admins.deactivateConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
