import { Anchor, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { ProblemAlert } from '../app/problem-alert';
import { changeLanguage, i18n } from '../i18n';
import { clinicQuery, meQuery } from './queries';

export type Role = 'patient' | 'professional' | 'admin';

/** Where each kind of user starts. */
export const startPage: Record<Role, string> = {
  patient: '/dashboard',
  professional: '/day',
  admin: '/desk',
};

/**
 * Where to go after signing in: the page a signed-out visitor was sent away from, if it is one
 * of ours (a path, never another site), else the user's start page.
 */
export function afterSignIn(next: string | null, role: Role): string {
  if (next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in')) return next;
  return startPage[role];
}

/**
 * A page for signed-in users of the given roles. Signed-out visitors go to sign in and come
 * back here afterwards; another role is told the page is not theirs. The user's language is
 * applied.
 */
export function SignedIn({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const me = useQuery(meQuery);
  const location = useLocation();
  // Its pages show times in the clinic's zone (useClinicTime): known before they render.
  const clinic = useQuery(clinicQuery);
  const language = me.data?.language;
  useEffect(() => {
    if (language && language !== i18n.language) void changeLanguage(language, false);
  }, [language]);
  if (me.isPending || clinic.isPending) return <Waiting />;
  const failed = me.error ? me : clinic.error ? clinic : undefined;
  if (failed) return <ProblemAlert error={failed.error} onRetry={() => void failed.refetch()} />;
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (roles && !roles.includes(me.data.role)) return <NotForYou />;
  return children;
}

function NotForYou() {
  const { t } = useTranslation();
  return (
    <Stack maw={560} mx="auto" py="xl">
      <Title order={1} size="h2">
        {t('staff.notForYou')}
      </Title>
      <Text>{t('staff.notForYouBody')}</Text>
      <Anchor href="/">{t('notFound.home')}</Anchor>
    </Stack>
  );
}

export function Waiting() {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Loader aria-label={t('app.loading')} />
    </Center>
  );
}
