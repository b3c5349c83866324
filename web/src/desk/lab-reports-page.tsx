import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

// Placeholder until this screen is built (issue 14).
export function LabReportsPage() {
  const { t } = useTranslation();
  return <Title order={1}>{t('logs.title')}</Title>;
}
