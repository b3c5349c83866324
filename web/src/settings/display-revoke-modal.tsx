import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import type { ItemOf } from '../api/types';
import { ProblemAlert } from '../app/problem-alert';

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
    <Modal
      opened
      onClose={onClose}
      title={t('clinicSettings.displays.revokeTitle', { name: display.name })}
      closeButtonProps={{ 'aria-label': t('clinicSettings.displays.keep') }}
      centered
    >
      <Stack>
        <Text>{t('clinicSettings.displays.revokeBody')}</Text>
        {revoke.error && <ProblemAlert error={revoke.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('clinicSettings.displays.keep')}
          </Button>
          <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate()}>
            {t('clinicSettings.displays.revokeConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
