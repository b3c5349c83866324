import { Anchor, Card, Divider, List, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UseQueryResult } from '@tanstack/react-query';
import { ProblemAlert } from '../app/problem-alert';
import { StatusBadge } from '../app/status-badge';
import { useClinicTime } from '../time/use-clinic-time';
import { ageOn } from './age';
import { consultationsQuery, labReportsQuery, patientQuery } from './day-queries';

/**
 * What the professional needs at a glance: age, earlier consultations with their diagnoses,
 * prescriptions and lab reports. Clinical content: the API answers it to the patient's own
 * professionals only.
 */
export function PatientSummary({
  registerNumber,
  appointmentId,
}: {
  registerNumber: string;
  appointmentId: string;
}) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const patient = useQuery(patientQuery(registerNumber));
  const consultations = useQuery(consultationsQuery(registerNumber));
  const labReports = useQuery(labReportsQuery(registerNumber));
  const past = consultations.data?.items.filter((c) => c.id !== appointmentId) ?? [];
  const prescriptions = past.flatMap((c) => c.prescriptions);
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="summary">
      <Stack gap="sm">
        <Title order={2} size="h4" id="summary">
          {t('day.summary.title')}
        </Title>
        <Loaded query={patient}>
          {(data) => (
            <Stack gap={2}>
              <Text>
                {t('day.summary.age', { count: ageOn(data.birthDate, time.today) })}
                {' · '}
                {t(`day.summary.gender.${data.gender}`)}
              </Text>
              <Text size="sm" c="dimmed">
                {t('day.summary.registerNumber', { number: data.registerNumber })}
              </Text>
            </Stack>
          )}
        </Loaded>
        <Divider />
        <Title order={3} size="h5">
          {t('day.summary.consultations')}
        </Title>
        <Loaded query={consultations}>
          {() =>
            past.length === 0 ? (
              <Text c="dimmed" size="sm">
                {t('day.summary.noConsultations')}
              </Text>
            ) : (
              <List size="sm" spacing={4}>
                {past.slice(0, 5).map((c) => (
                  <List.Item key={c.id}>
                    <Text size="sm" fw={600} span>
                      {time.date(c.startsAt)}
                    </Text>{' '}
                    <Text size="sm" span c="dimmed">
                      {c.professional.name}
                    </Text>
                    {c.diagnoses.length > 0 && (
                      <Text size="sm">
                        {c.diagnoses
                          .map((d) => (d.code ? `${d.code} ${d.description}` : d.description))
                          .join('; ')}
                      </Text>
                    )}
                  </List.Item>
                ))}
              </List>
            )
          }
        </Loaded>
        <Title order={3} size="h5">
          {t('day.summary.prescriptions')}
        </Title>
        <Loaded query={consultations}>
          {() =>
            prescriptions.length === 0 ? (
              <Text c="dimmed" size="sm">
                {t('day.summary.noPrescriptions')}
              </Text>
            ) : (
              <List size="sm" spacing={4}>
                {prescriptions.slice(0, 5).map((p) => (
                  <List.Item key={p.id}>
                    <Anchor href={`/api/v1/prescriptions/${p.id}/pdf`} target="_blank" size="sm">
                      {time.date(p.issuedAt)}: {p.items.map((item) => item.drug).join(', ')}
                    </Anchor>
                    {p.status === 'revoked' && (
                      <>
                        {' '}
                        <StatusBadge color="red">{t('day.prescription.revoked')}</StatusBadge>
                      </>
                    )}
                  </List.Item>
                ))}
              </List>
            )
          }
        </Loaded>
        <Title order={3} size="h5">
          {t('day.summary.labReports')}
        </Title>
        <Loaded query={labReports}>
          {(data) =>
            data.items.length === 0 ? (
              <Text c="dimmed" size="sm">
                {t('day.summary.noLabReports')}
              </Text>
            ) : (
              <List size="sm" spacing={4}>
                {data.items.slice(0, 8).map((report) => (
                  <List.Item key={report.id}>
                    {report.status === 'ready' ? (
                      <Anchor
                        href={`/api/v1/lab-reports/${report.id}/file`}
                        target="_blank"
                        size="sm"
                      >
                        {report.exam}
                      </Anchor>
                    ) : (
                      <Text span size="sm">
                        {report.exam}
                      </Text>
                    )}{' '}
                    <Text span size="sm" c="dimmed">
                      {report.lab} · {time.date(report.requestedAt)} ·{' '}
                      {t(`day.labOrders.status.${report.status}`)}
                    </Text>
                  </List.Item>
                ))}
              </List>
            )
          }
        </Loaded>
      </Stack>
    </Card>
  );
}

/** A part of the summary in its states: failed (with retry), loading, or its data. */
function Loaded<Data>({
  query,
  children,
}: {
  query: UseQueryResult<Data>;
  children: (data: Data) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.error) return <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data === undefined) return <Loader size="sm" aria-label={t('app.loading')} />;
  return <>{children(query.data)}</>;
}
