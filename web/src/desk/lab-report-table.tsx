import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinicTime } from '../time/use-clinic-time';
import type { LabReportItem } from './lab-report-queries';

/** Lab reports as the desk follows them: whose, what, ordered by whom and when; an action each. */
export function LabReportTable({
  reports,
  action,
}: {
  reports: LabReportItem[];
  action?: (report: LabReportItem) => ReactNode;
}) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const ready = reports.some((report) => report.readyAt);
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table striped verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('logs.labReports.patient')}</Table.Th>
            <Table.Th>{t('logs.labReports.exam')}</Table.Th>
            <Table.Th>{t('logs.labReports.orderedBy')}</Table.Th>
            <Table.Th>{t('logs.labReports.requested')}</Table.Th>
            {ready && <Table.Th>{t('logs.labReports.readyAt')}</Table.Th>}
            {action && <Table.Th>{t('logs.labReports.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reports.map((report) => (
            <Table.Tr key={report.id}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {report.patient.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {report.patient.registerNumber}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{report.exam}</Text>
                <Text size="xs" c="dimmed">
                  {report.lab}
                </Text>
              </Table.Td>
              <Table.Td>
                {report.orderedBy ? (
                  <>
                    <Text size="sm">{report.orderedBy.name}</Text>
                    {report.orderedBy.councilNumber && (
                      <Text size="xs" c="dimmed">
                        {report.orderedBy.councilNumber}
                      </Text>
                    )}
                  </>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('logs.labReports.byDesk')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.date(report.requestedAt)}</Table.Td>
              {ready && (
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {report.readyAt ? time.dateTime(report.readyAt) : '—'}
                </Table.Td>
              )}
              {action && <Table.Td>{action(report)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
