import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { ConfirmDialog } from '../app/confirm-dialog';
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
    <ConfirmDialog
      title={t('clinicSettings.admins.deactivateTitle', { name: admin.name })}
      body={t('clinicSettings.admins.deactivateBody')}
      keep={t('clinicSettings.admins.keep')}
      confirm={t('clinicSettings.admins.deactivateConfirm')}
      error={deactivate.error}
      pending={deactivate.isPending}
      centered
      onConfirm={() => deactivate.mutate()}
      onClose={onClose}
    />
  );
}
