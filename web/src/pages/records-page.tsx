import { Anchor, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import type { ItemOf } from '../api/types';
import { QueryList } from '../app/query-list';
import { StatusBadge } from '../app/status-badge';
import { meQuery } from '../session/queries';
import { useClinicTime } from '../time/use-clinic-time';

type Consultation = ItemOf<'/api/v1/patients/{registerNumber}/consultations'>;
type LabReport = ItemOf<'/api/v1/patients/{registerNumber}/lab-reports'>;

/** The patient's own record: consultations with their prescriptions, and lab reports. */
export function RecordsPage() {
  const { t } = useTranslation();
  const me = useQuery(meQuery);
  const registerNumber = me.data?.registerNumber;
  if (!registerNumber) return null;
  return (
    <Stack maw={960} mx="auto" gap="lg">
      <Group justify="space-between" align="baseline">
        <Title order={1} size="h2">
          {t('records.title')}
        </Title>
        <Anchor href={`/api/v1/patients/${registerNumber}/record.zip`} download>
          {t('records.downloadRecord')}
        </Anchor>
      </Group>
      <LabReports registerNumber={registerNumber} />
      <Consultations registerNumber={registerNumber} />
    </Stack>
  );
}

function Consultations({ registerNumber }: { registerNumber: string }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['consultations', registerNumber],
    queryFn: () =>
      call(
        api.GET('/api/v1/patients/{registerNumber}/consultations', {
          params: { path: { registerNumber }, query: { page: 1, pageSize: 50 } },
        }),
      ),
  });
  return (
    <Stack component="section" aria-labelledby="consultations" gap="sm">
      <Title order={2} size="h3" id="consultations">
        {t('records.consultations')}
      </Title>
      <QueryList query={list} empty={t('records.noConsultations')}>
        {(consultation) => <ConsultationCard key={consultation.id} consultation={consultation} />}
      </QueryList>
    </Stack>
  );
}

function ConsultationCard({ consultation }: { consultation: Consultation }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600}>{time.date(consultation.startsAt)}</Text>
          <Text size="sm">
            {consultation.professional.name} · {consultation.professional.specialty}
          </Text>
        </Group>
        {consultation.notes && <Text style={{ whiteSpace: 'pre-wrap' }}>{consultation.notes}</Text>}
        {consultation.diagnoses.length > 0 && (
          <div>
            <Text size="sm" fw={600}>
              {t('records.diagnoses')}
            </Text>
            <List size="sm">
              {consultation.diagnoses.map((diagnosis, index) => (
                <List.Item key={index}>
                  {diagnosis.description}
                  {diagnosis.code ? ` (${diagnosis.code})` : ''}
                </List.Item>
              ))}
            </List>
          </div>
        )}
        {consultation.followUp && (
          <Text size="sm">
            <Text span fw={600}>
              {t('records.followUp')}:
            </Text>{' '}
            {consultation.followUp}
          </Text>
        )}
        {consultation.prescriptions.map((prescription) => (
          <Group key={prescription.id} gap="xs">
            <Text size="sm">
              {t('records.prescriptionItems', { count: prescription.items.length })}
            </Text>
            {prescription.status === 'revoked' && (
              <StatusBadge color="red">{t('records.revoked')}</StatusBadge>
            )}
            <Anchor size="sm" href={`/api/v1/prescriptions/${prescription.id}/pdf`} target="_blank">
              {t('records.downloadPdf')}
            </Anchor>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

function LabReports({ registerNumber }: { registerNumber: string }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['lab-reports', registerNumber],
    queryFn: () =>
      call(
        api.GET('/api/v1/patients/{registerNumber}/lab-reports', {
          params: { path: { registerNumber }, query: { page: 1, pageSize: 50 } },
        }),
      ),
  });
  return (
    <Stack component="section" aria-labelledby="lab-reports" gap="sm">
      <Title order={2} size="h3" id="lab-reports">
        {t('records.labReports')}
      </Title>
      <QueryList query={list} empty={t('records.noLabReports')}>
        {(report) => <LabReportCard key={report.id} report={report} />}
      </QueryList>
    </Stack>
  );
}

function LabReportCard({ report }: { report: LabReport }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  return (
    <Card withBorder radius="md" padding="md">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={2}>
          <Text fw={600}>{report.exam}</Text>
          <Text size="sm">
            {report.lab} ·{' '}
            {t('records.requestedOn', {
              date: time.date(report.requestedAt),
            })}
          </Text>
        </Stack>
        {report.status === 'ready' ? (
          <Group gap="xs">
            <StatusBadge color="green">{t('records.ready')}</StatusBadge>
            <Anchor size="sm" href={`/api/v1/lab-reports/${report.id}/file`} download>
              {t('records.download')}
            </Anchor>
          </Group>
        ) : (
          <StatusBadge color="gray">{t('records.pending')}</StatusBadge>
        )}
      </Group>
    </Card>
  );
}
