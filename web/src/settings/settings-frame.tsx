import { Stack, Tabs, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

const SECTIONS = [
  ['/settings/professionals', 'staff.professionals'],
  ['/settings/admins', 'staff.admins'],
  ['/settings/displays', 'staff.displays'],
  ['/settings/messages', 'staff.messages'],
  ['/settings/audit', 'staff.audit'],
] as const;

/** Every settings page: its sections as tabs (links to their own pages), then the page. */
export function SettingsFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const current = SECTIONS.find(([path]) => location.pathname.startsWith(path))?.[0] ?? null;
  return (
    <Stack maw={1400} mx="auto" gap="md">
      <Tabs value={current} onChange={(path) => path && void navigate(path)} keepMounted={false}>
        <Tabs.List aria-label={t('staff.settingsLabel')}>
          {SECTIONS.map(([path, label]) => (
            <Tabs.Tab key={path} value={path}>
              {t(label)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Title order={1} size="h2">
        {title}
      </Title>
      {children}
    </Stack>
  );
}
