import {
  Center,
  createTheme,
  Loader,
  MantineProvider,
  type CSSVariablesResolver,
} from '@mantine/core';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { OfflineError } from '../api/problems';
import { changeLanguage, i18n } from '../i18n';
import { Shell } from '../layout/shell';
import { ForgotPasswordPage } from '../pages/forgot-password-page';
import { NotFoundPage } from '../pages/not-found-page';
import { PrescriptionCheckPage } from '../pages/prescription-check-page';
import { ProfessionalsPage } from '../pages/professionals-page';
import { SignInPage } from '../pages/sign-in-page';
import { clinicQuery, meQuery } from '../session/queries';
import { ProblemAlert } from './problem-alert';

const patientPages = () => import('./patient-pages');
const BookingPage = lazy(() => patientPages().then((m) => ({ default: m.BookingPage })));
const ReschedulePage = lazy(() => patientPages().then((m) => ({ default: m.ReschedulePage })));
const AppointmentsPage = lazy(() => patientPages().then((m) => ({ default: m.AppointmentsPage })));
const DashboardPage = lazy(() => patientPages().then((m) => ({ default: m.DashboardPage })));
// The two forms with a phone number bring the phone-number rules (about 30 kB): their own chunks.
const ProfilePage = lazy(() =>
  import('../pages/profile-page').then((m) => ({ default: m.ProfilePage })),
);
const SignUpPage = lazy(() =>
  import('../pages/sign-up-page').then((m) => ({ default: m.SignUpPage })),
);
const RecordsPage = lazy(() => patientPages().then((m) => ({ default: m.RecordsPage })));
const VerifyPage = lazy(() => patientPages().then((m) => ({ default: m.VerifyPage })));

// Blue 9 on white is 8.6:1; the default blue 6 is under WCAG's 4.5:1 for small text.
const theme = createTheme({ primaryColor: 'blue', primaryShade: 8, defaultRadius: 'md' });

// Mantine's dimmed text (gray 6) is 3.3:1 on white; gray 7 reads at 7.6:1 (WCAG AA asks 4.5).
const contrast: CSSVariablesResolver = (theme) => ({
  variables: {},
  // Field errors in red 9 (5.3:1) rather than red 6 (3.6:1).
  light: {
    '--mantine-color-dimmed': theme.colors.gray[7],
    '--mantine-color-error': theme.colors.red[9],
  },
  dark: {},
});

const queries = new QueryClient({
  defaultOptions: {
    // Requests go out even when the browser believes it is offline: the user is told at once
    // (the shell's banner, the form's message) instead of waiting on a request held back.
    queries: {
      networkMode: 'always',
      retry: (failures, error) => failures < (error instanceof OfflineError ? 3 : 1),
      refetchOnWindowFocus: false,
    },
    mutations: { networkMode: 'always' },
  },
});

export function App() {
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} cssVariablesResolver={contrast}>
        <QueryClientProvider client={queries}>
          <BrowserRouter>
            <Shell>
              <Suspense fallback={<Waiting />}>
                <Routes>
                  <Route path="/" element={<Home />} />
                  <Route path="/sign-in" element={<SignInPage />} />
                  <Route path="/sign-up" element={<SignUpPage />} />
                  <Route path="/professionals" element={<ProfessionalsPage />} />
                  <Route path="/forgot-password" element={<ForgotPasswordPage />} />
                  <Route path="/prescriptions/verify" element={<PrescriptionCheckPage />} />
                  <Route path="/prescriptions/verify/:code" element={<PrescriptionCheckPage />} />
                  <Route
                    path="/verify-email"
                    element={
                      <SignedIn>
                        <VerifyPage contact="email" />
                      </SignedIn>
                    }
                  />
                  <Route
                    path="/dashboard"
                    element={
                      <SignedIn>
                        <DashboardPage />
                      </SignedIn>
                    }
                  />
                  <Route
                    path="/appointments"
                    element={
                      <SignedIn>
                        <AppointmentsPage />
                      </SignedIn>
                    }
                  />
                  <Route
                    path="/book"
                    element={
                      <SignedIn>
                        <BookingPage />
                      </SignedIn>
                    }
                  />
                  <Route
                    path="/appointments/:id/reschedule"
                    element={
                      <SignedIn>
                        <ReschedulePage />
                      </SignedIn>
                    }
                  />
                  <Route
                    path="/records"
                    element={
                      <SignedIn>
                        <RecordsPage />
                      </SignedIn>
                    }
                  />
                  <Route
                    path="/profile"
                    element={
                      <SignedIn>
                        <ProfilePage />
                      </SignedIn>
                    }
                  />
                  <Route
                    path="/verify-phone"
                    element={
                      <SignedIn>
                        <VerifyPage contact="phone" />
                      </SignedIn>
                    }
                  />
                  <Route path="*" element={<NotFoundPage />} />
                </Routes>
              </Suspense>
            </Shell>
          </BrowserRouter>
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}

function Home() {
  const me = useQuery(meQuery);
  if (me.isPending) return <Waiting />;
  return <Navigate to={me.data ? '/dashboard' : '/sign-in'} replace />;
}

/** A page for signed-in users: others go to sign in; the user's language is applied. */
function SignedIn({ children }: { children: ReactNode }) {
  const me = useQuery(meQuery);
  // Its pages show times in the clinic's zone (useClinicTime): known before they render.
  const clinic = useQuery(clinicQuery);
  const language = me.data?.language;
  useEffect(() => {
    if (language && language !== i18n.language) void changeLanguage(language, false);
  }, [language]);
  if (me.isPending || clinic.isPending) return <Waiting />;
  const failed = me.error ? me : clinic.error ? clinic : undefined;
  if (failed) return <ProblemAlert error={failed.error} onRetry={() => void failed.refetch()} />;
  if (!me.data) return <Navigate to="/sign-in" replace />;
  return children;
}

function Waiting() {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Loader aria-label={t('app.loading')} />
    </Center>
  );
}
