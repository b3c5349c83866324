import { createTheme, MantineProvider, type CSSVariablesResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { OfflineError } from '../api/problems';
import { i18n } from '../i18n';
import { Shell } from '../layout/shell';
import { ForgotPasswordPage } from '../pages/forgot-password-page';
import { NotFoundPage } from '../pages/not-found-page';
import { PrescriptionCheckPage } from '../pages/prescription-check-page';
import { ProfessionalsPage } from '../pages/professionals-page';
import { SignInPage } from '../pages/sign-in-page';
import { meQuery } from '../session/queries';
import { SignedIn, startPage, Waiting } from '../session/signed-in';

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

const deskPages = () => import('./desk-pages');
const BoardPage = lazy(() => deskPages().then((m) => ({ default: m.BoardPage })));
const PatientsPage = lazy(() => deskPages().then((m) => ({ default: m.PatientsPage })));
const PatientPage = lazy(() => deskPages().then((m) => ({ default: m.PatientPage })));
const RegisterPatientPage = lazy(() =>
  deskPages().then((m) => ({ default: m.RegisterPatientPage })),
);
const BookForPatientPage = lazy(() => deskPages().then((m) => ({ default: m.BookForPatientPage })));
const LabReportsPage = lazy(() => deskPages().then((m) => ({ default: m.LabReportsPage })));

const settingsPages = () => import('./settings-pages');
const ProfessionalsSettingsPage = lazy(() =>
  settingsPages().then((m) => ({ default: m.ProfessionalsSettingsPage })),
);
const ProfessionalFormPage = lazy(() =>
  settingsPages().then((m) => ({ default: m.ProfessionalFormPage })),
);
const ProfessionalSchedulePage = lazy(() =>
  settingsPages().then((m) => ({ default: m.ProfessionalSchedulePage })),
);
const AdminsPage = lazy(() => settingsPages().then((m) => ({ default: m.AdminsPage })));
const DisplaysPage = lazy(() => settingsPages().then((m) => ({ default: m.DisplaysPage })));
const NotificationsPage = lazy(() =>
  settingsPages().then((m) => ({ default: m.NotificationsPage })),
);
const AuditPage = lazy(() => settingsPages().then((m) => ({ default: m.AuditPage })));

const dayPages = () => import('./day-pages');
const DayPage = lazy(() => dayPages().then((m) => ({ default: m.DayPage })));
const ConsultationPage = lazy(() => dayPages().then((m) => ({ default: m.ConsultationPage })));
const MySchedulePage = lazy(() => dayPages().then((m) => ({ default: m.MySchedulePage })));

// The waiting-room TV: a page of its own, without the app's frame or a session.
const DisplayPage = lazy(() =>
  import('../display/display-page').then((m) => ({ default: m.DisplayPage })),
);

const PATIENT = ['patient'] as const;
const ADMIN = ['admin'] as const;
const PROFESSIONAL = ['professional'] as const;

// Blue 9 on white is 8.6:1; the default blue 6 is under WCAG's 4.5:1 for small text. Users who
// asked their system for less motion get dialogs and menus without their fades and slides.
const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'md',
  respectReducedMotion: true,
});

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
            <Routes>
              <Route
                path="/display"
                element={
                  <Suspense fallback={null}>
                    <DisplayPage />
                  </Suspense>
                }
              />
              <Route path="*" element={<Framed />} />
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}

/** Every page but the waiting-room screen: in the app's frame. */
function Framed() {
  return (
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
            path="/verify-phone"
            element={
              <SignedIn>
                <VerifyPage contact="phone" />
              </SignedIn>
            }
          />
          <Route
            path="/dashboard"
            element={
              <SignedIn roles={PATIENT}>
                <DashboardPage />
              </SignedIn>
            }
          />
          <Route
            path="/appointments"
            element={
              <SignedIn roles={PATIENT}>
                <AppointmentsPage />
              </SignedIn>
            }
          />
          <Route
            path="/book"
            element={
              <SignedIn roles={PATIENT}>
                <BookingPage />
              </SignedIn>
            }
          />
          <Route
            path="/appointments/:id/reschedule"
            element={
              <SignedIn roles={PATIENT}>
                <ReschedulePage />
              </SignedIn>
            }
          />
          <Route
            path="/records"
            element={
              <SignedIn roles={PATIENT}>
                <RecordsPage />
              </SignedIn>
            }
          />
          <Route
            path="/profile"
            element={
              <SignedIn roles={PATIENT}>
                <ProfilePage />
              </SignedIn>
            }
          />
          <Route
            path="/desk"
            element={
              <SignedIn roles={ADMIN}>
                <BoardPage />
              </SignedIn>
            }
          />
          <Route
            path="/desk/patients"
            element={
              <SignedIn roles={ADMIN}>
                <PatientsPage />
              </SignedIn>
            }
          />
          <Route
            path="/desk/patients/new"
            element={
              <SignedIn roles={ADMIN}>
                <RegisterPatientPage />
              </SignedIn>
            }
          />
          <Route
            path="/desk/patients/:registerNumber"
            element={
              <SignedIn roles={ADMIN}>
                <PatientPage />
              </SignedIn>
            }
          />
          <Route
            path="/desk/book"
            element={
              <SignedIn roles={ADMIN}>
                <BookForPatientPage />
              </SignedIn>
            }
          />
          <Route
            path="/desk/lab-reports"
            element={
              <SignedIn roles={ADMIN}>
                <LabReportsPage />
              </SignedIn>
            }
          />
          <Route
            path="/settings/professionals"
            element={
              <SignedIn roles={ADMIN}>
                <ProfessionalsSettingsPage />
              </SignedIn>
            }
          />
          <Route
            path="/settings/professionals/new"
            element={
              <SignedIn roles={ADMIN}>
                <ProfessionalFormPage />
              </SignedIn>
            }
          />
          <Route
            path="/settings/professionals/:councilNumber"
            element={
              <SignedIn roles={ADMIN}>
                <ProfessionalFormPage />
              </SignedIn>
            }
          />
          <Route
            path="/settings/professionals/:councilNumber/schedule"
            element={
              <SignedIn roles={ADMIN}>
                <ProfessionalSchedulePage />
              </SignedIn>
            }
          />
          <Route
            path="/settings/admins"
            element={
              <SignedIn roles={ADMIN}>
                <AdminsPage />
              </SignedIn>
            }
          />
          <Route
            path="/settings/displays"
            element={
              <SignedIn roles={ADMIN}>
                <DisplaysPage />
              </SignedIn>
            }
          />
          <Route
            path="/settings/messages"
            element={
              <SignedIn roles={ADMIN}>
                <NotificationsPage />
              </SignedIn>
            }
          />
          <Route
            path="/settings/audit"
            element={
              <SignedIn roles={ADMIN}>
                <AuditPage />
              </SignedIn>
            }
          />
          <Route
            path="/day"
            element={
              <SignedIn roles={PROFESSIONAL}>
                <DayPage />
              </SignedIn>
            }
          />
          <Route
            path="/day/appointments/:id"
            element={
              <SignedIn roles={PROFESSIONAL}>
                <ConsultationPage />
              </SignedIn>
            }
          />
          <Route
            path="/day/schedule"
            element={
              <SignedIn roles={PROFESSIONAL}>
                <MySchedulePage />
              </SignedIn>
            }
          />
          <Route path="/settings" element={<Navigate to="/settings/professionals" replace />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}

function Home() {
  const me = useQuery(meQuery);
  if (me.isPending) return <Waiting />;
  return <Navigate to={me.data ? startPage[me.data.role] : '/sign-in'} replace />;
}
