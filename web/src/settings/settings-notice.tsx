import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** What a settings page just did (registered, revoked…), until the admin closes it. */
export function SettingsNotice({
  notice,
  onClose,
}: {
  notice: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  if (!notice) return null;
  return (
    <Alert
      color="green"
      role="status"
      withCloseButton
      closeButtonLabel={t('clinicSettings.close')}
      onClose={onClose}
    >
      {notice}
    </Alert>
  );
}
