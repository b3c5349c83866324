import { Card, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryList } from '../../app/query-list';
import { StatusBadge } from '../../app/status-badge';
import { useClinicTime } from '../../time/use-clinic-time';
import { labReportsQuery } from './desk-queries';

/**
 * A patient's lab reports, their status only: the desk tells the patient whether a result is
 * in; the result itself is for the patient and their professionals (the API gives admins none).
 */
export function PatientLabReports({ registerNumber }: { registerNumber: string }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const reports = useQuery(labReportsQuery(registerNumber));
  return (
    <QueryList query={reports} empty={t('records.noLabReports')}>
      {(report) => (
        <Card key={report.id} withBorder radius="md" padding="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Stack gap={2}>
              <Text fw={600}>{report.exam}</Text>
              <Text size="sm">
                {report.lab} · {t('records.requestedOn', { date: time.date(report.requestedAt) })}
              </Text>
              {report.readyAt && (
                <Text size="sm" c="dimmed">
                  {t('deskPatients.readyOn', { date: time.date(report.readyAt) })}
                </Text>
              )}
            </Stack>
            <StatusBadge color={report.status === 'ready' ? 'green' : 'gray'}>
              {t(report.status === 'ready' ? 'records.ready' : 'records.pending')}
            </StatusBadge>
          </Group>
        </Card>
      )}
    </QueryList>
  );
}
