import { Alert, Anchor, AppShell, Button, Group, NativeSelect, Text } from '@mantine/core';
import { useMediaQuery, useNetwork } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { languages, type Language } from '../i18n';
import { clinicQuery, meQuery } from '../session/queries';
import { useChooseLanguage } from '../session/use-choose-language';
import classes from './shell.module.css';

/** Every page's frame: the clinic's name, the language, signing out, and the page itself. */
export function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const clinic = useQuery(clinicQuery);
  const me = useQuery(meQuery);
  const queries = useQueryClient();
  const navigate = useNavigate();
  const network = useNetwork();
  // A phone's header has room for the language's code only.
  const narrow = useMediaQuery('(max-width: 30em)');

  const chooseLanguage = useChooseLanguage();
  const signOut = async () => {
    await call(api.POST('/api/v1/auth/logout')).catch(() => undefined);
    // Away from the signed-in page first: it would otherwise send the user to sign in and back.
    await navigate('/sign-in', { replace: true });
    // Nothing of this user stays in memory for the next one at this computer (the clinic's own
    // name and zone are everyone's).
    queries.removeQueries({ predicate: (query) => query.queryKey[0] !== clinicQuery.queryKey[0] });
    queries.setQueryData(meQuery.queryKey, null);
  };

  return (
    <AppShell header={{ height: 60 }} padding="md">
      <a className={classes.skip} href="#main">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          <Anchor href="/" underline="never" c="inherit" miw={0}>
            <Text fw={700} size="lg" c="blue.9" truncate>
              {clinic.data?.name ?? 'ClinicDesk'}
            </Text>
          </Anchor>
          <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
            {me.data === null && clinic.data?.publicDirectory && (
              <NavLink to="/professionals" className={classes.navLink}>
                {t('directory.nav')}
              </NavLink>
            )}
            <NativeSelect
              aria-label={t('app.language')}
              size="xs"
              value={i18n.language}
              onChange={(event) => void chooseLanguage(event.currentTarget.value as Language)}
              data={languages.map((language) => ({
                value: language,
                label: narrow ? language.slice(0, 2).toUpperCase() : t(`languages.${language}`),
              }))}
            />
            {me.data && (
              <Button size="xs" variant="default" onClick={() => void signOut()}>
                {t('app.signOut')}
              </Button>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main id="main" tabIndex={-1}>
        {!network.online && (
          <Alert color="yellow" role="status" mb="md" maw={960} mx="auto">
            {t('app.offline')}
          </Alert>
        )}
        {me.data?.role === 'patient' && <PatientNav />}
        {me.data?.role === 'admin' && <AdminNav />}
        {me.data?.role === 'professional' && <ProfessionalNav />}
        {children}
      </AppShell.Main>
    </AppShell>
  );
}

/** The patient's pages, under the header on every screen size. */
function PatientNav() {
  const { t } = useTranslation();
  return (
    <PageNav
      label={t('nav.label')}
      pages={[
        ['/dashboard', t('nav.home')],
        ['/book', t('nav.book')],
        ['/appointments', t('nav.appointments')],
        ['/records', t('nav.records')],
        ['/profile', t('nav.profile')],
      ]}
    />
  );
}

/** The front desk's pages; the settings' own pages are listed on each settings page. */
function AdminNav() {
  const { t } = useTranslation();
  return (
    <PageNav
      label={t('staff.navLabel')}
      wide
      pages={[
        ['/desk', t('staff.board'), true],
        ['/desk/patients', t('staff.patients')],
        ['/desk/book', t('staff.book')],
        ['/desk/lab-reports', t('staff.labReports')],
        ['/settings', t('staff.settings')],
      ]}
    />
  );
}

function ProfessionalNav() {
  const { t } = useTranslation();
  return (
    <PageNav
      label={t('staff.navLabel')}
      wide
      pages={[
        ['/day', t('staff.myDay'), true],
        ['/day/schedule', t('staff.mySchedule')],
      ]}
    />
  );
}

/**
 * A row of links to a role's pages. A link is current on its own page and (unless `end`) on
 * the pages under it: "Patients" stays marked on a patient's page.
 */
function PageNav({
  label,
  pages,
  wide = false,
}: {
  label: string;
  pages: readonly (readonly [to: string, label: string, end?: boolean])[];
  wide?: boolean;
}) {
  return (
    <Group
      component="nav"
      aria-label={label}
      gap={4}
      mb="md"
      maw={wide ? 1400 : 960}
      mx="auto"
      wrap="wrap"
    >
      {pages.map(([to, text, end = !wide]) => (
        <NavLink key={to} to={to} className={classes.navLink} end={end}>
          {text}
        </NavLink>
      ))}
    </Group>
  );
}
