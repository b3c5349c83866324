import { Anchor, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import { AppointmentActions } from '../booking/appointment-actions';
import type { Ok } from '../api/types';
import { ProblemAlert } from '../app/problem-alert';
import { meQuery } from '../session/queries';
import { useClinicTime } from '../time/use-clinic-time';

export function DashboardPage() {
  const { t } = useTranslation();
  const me = useQuery(meQuery);
  if (!me.data) return null;
  return (
    <Stack gap="lg" maw={960} mx="auto">
      <Title order={1} size="h2">
        {t('dashboard.greeting', { name: me.data.name.split(' ')[0] })}
      </Title>
      {me.data.registerNumber ? (
        <>
          <Unconfirmed me={me.data} />
          <PatientDashboard registerNumber={me.data.registerNumber} />
        </>
      ) : (
        <Text>
          {t('dashboard.staff')} <Anchor href="/docs">{t('dashboard.openApi')}</Anchor>
        </Text>
      )}
    </Stack>
  );
}

/** The e-mail or phone not confirmed yet, with the way to confirm each (a code is sent). */
function Unconfirmed({ me }: { me: NonNullable<Ok<'/api/v1/auth/me', 'get'>> }) {
  const { t } = useTranslation();
  if (me.emailVerified && (me.phoneVerified || !me.phone)) return null;
  return (
    <Card withBorder radius="md" padding="md" bg="blue.0">
      <Text size="sm">{t('dashboard.unconfirmed')}</Text>
      <Group gap="md" mt="xs">
        {!me.emailVerified && (
          <Anchor component={Link} to="/verify-email?send=1" size="sm">
            {t('dashboard.confirmEmail')}
          </Anchor>
        )}
        {me.phone && !me.phoneVerified && (
          <Anchor component={Link} to="/verify-phone?send=1" size="sm">
            {t('dashboard.confirmPhone')}
          </Anchor>
        )}
      </Group>
    </Card>
  );
}

/** How many there are of a patient's list: a page of one carries the total. */
function usePatientCounts(registerNumber: string) {
  const path = { registerNumber };
  const upcoming = useQuery({
    queryKey: ['appointments', registerNumber, 'upcoming', 'first'],
    queryFn: () =>
      call(
        api.GET('/api/v1/patients/{registerNumber}/appointments', {
          params: { path, query: { when: 'upcoming', page: 1, pageSize: 1 } },
        }),
      ),
  });
  const past = useQuery({
    queryKey: ['appointments', registerNumber, 'past', 'count'],
    queryFn: () =>
      call(
        api.GET('/api/v1/patients/{registerNumber}/appointments', {
          params: { path, query: { when: 'past', page: 1, pageSize: 1 } },
        }),
      ),
  });
  const consultations = useQuery({
    queryKey: ['consultations', registerNumber, 'count'],
    queryFn: () =>
      call(
        api.GET('/api/v1/patients/{registerNumber}/consultations', {
          params: { path, query: { page: 1, pageSize: 1 } },
        }),
      ),
  });
  const reports = useQuery({
    queryKey: ['lab-reports', registerNumber, 'count'],
    queryFn: async () => {
      const [all, ready] = await Promise.all(
        [undefined, 'ready' as const].map((status) =>
          call(
            api.GET('/api/v1/patients/{registerNumber}/lab-reports', {
              params: { path, query: { page: 1, pageSize: 1, ...(status ? { status } : {}) } },
            }),
          ),
        ),
      );
      return { total: all!.total, ready: ready!.total };
    },
  });
  return { upcoming, past, consultations, reports };
}

function PatientDashboard({ registerNumber }: { registerNumber: string }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const { upcoming, past, consultations, reports } = usePatientCounts(registerNumber);
  const failed = [upcoming, past, consultations, reports].find((query) => query.error);
  if (failed) return <ProblemAlert error={failed.error} onRetry={() => void failed.refetch()} />;
  if (!upcoming.data || !past.data || !consultations.data || !reports.data) {
    return <Loader aria-label={t('app.loading')} />;
  }
  const next = upcoming.data.items[0];
  return (
    <>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="next">
        <Title order={2} size="h4" id="next">
          {t('dashboard.nextAppointment')}
        </Title>
        {next ? (
          <Stack gap={4} mt="sm">
            <Text fw={600} size="lg">
              {time.dateTime(next.startsAt)}
            </Text>
            <Text>
              {t('dashboard.with', { name: next.professional.name })} ·{' '}
              {next.professional.specialty}
            </Text>
            {next.professional.officeNumber && (
              <Text size="sm" c="dimmed">
                {t('professional.office', { office: next.professional.officeNumber })}
              </Text>
            )}
            {next.ticket && (
              <Text c="blue.9" fw={600}>
                {t('dashboard.ticket', { ticket: next.ticket })}
              </Text>
            )}
            {next.status === 'scheduled' && (
              <AppointmentActions appointmentId={next.id} size="sm" />
            )}
          </Stack>
        ) : (
          <Stack gap="sm" mt="sm" align="flex-start">
            <Text c="dimmed">{t('dashboard.noneAhead')}</Text>
            <Button component={Link} to="/book">
              {t('appointments.book')}
            </Button>
          </Stack>
        )}
      </Card>
      {next && (
        <div>
          <Button component={Link} to="/book" variant="light">
            {t('appointments.book')}
          </Button>
        </div>
      )}
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
        <Tile
          to="/appointments"
          label={t('dashboard.tiles.upcoming', { count: upcoming.data.total })}
        />
        <Tile
          to="/appointments?tab=past"
          label={t('dashboard.tiles.past', { count: past.data.total })}
        />
        <Tile
          to="/records"
          label={t('dashboard.tiles.consultations', { count: consultations.data.total })}
        />
        <Tile
          to="/records"
          label={
            reports.data.total
              ? t('dashboard.tiles.labReports', { count: reports.data.total })
              : t('dashboard.tiles.labReportsNone')
          }
          detail={
            !reports.data.total
              ? undefined
              : reports.data.ready
                ? t('dashboard.tiles.labReportsReady', { count: reports.data.ready })
                : t('dashboard.tiles.labReportsReadyNone')
          }
        />
        <Tile to="/professionals" label={t('dashboard.tiles.professionals')} />
      </SimpleGrid>
    </>
  );
}

function Tile({ to, label, detail }: { to: string; label: string; detail?: string | undefined }) {
  return (
    <Card withBorder radius="md" padding="lg" component={Link} to={to}>
      <Group justify="space-between" align="baseline">
        <Text fw={600}>{label}</Text>
      </Group>
      {detail && (
        <Text size="sm" c="dimmed">
          {detail}
        </Text>
      )}
    </Card>
  );
}
