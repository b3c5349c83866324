import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import type { ItemOf } from '../api/types';
import { ConfirmDialog } from '../app/confirm-dialog';

export type DisplayTokenView = ItemOf<'/api/v1/display/tokens'>;

/** Confirms revoking a screen's link: its screen stops at once and the link never works again. */
export function DisplayRevokeModal({
  display,
  onClose,
  onDone,
}: {
  display: DisplayTokenView;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const revoke = useMutation({
    mutationFn: () =>
      call(api.DELETE('/api/v1/display/tokens/{id}', { params: { path: { id: display.id } } })),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['display-tokens'] });
      onDone();
    },
  });
  return (
    <ConfirmDialog
      title={t('clinicSettings.displays.revokeTitle', { name: display.name })}
      body={t('clinicSettings.displays.revokeBody')}
      keep={t('clinicSettings.displays.keep')}
      confirm={t('clinicSettings.displays.revokeConfirm')}
      error={revoke.error}
      pending={revoke.isPending}
      centered
      onConfirm={() => revoke.mutate()}
      onClose={onClose}
    />
  );
}
