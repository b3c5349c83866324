import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../app/problem-alert';
import { LogPager } from '../settings/audit-pager';
import {
  labReportsByStatusQuery,
  LAB_REPORTS_PAGE_SIZE,
  type LabReportItem,
} from './lab-report-queries';
import { LabReportRegisterModal } from './lab-report-register-modal';
import { LabReportTable } from './lab-report-table';
import { LabReportUploadModal } from './lab-report-upload-modal';

type Dialog = { kind: 'register' } | { kind: 'upload'; report: LabReportItem };

/**
 * The desk's lab reports (/desk/lab-reports): the pending ones first (oldest first), each with
 * "Upload result"; the ready ones below. Results are for the patient and their professionals:
 * the desk sees whose and which exam, never what a result says.
 */
export function LabReportsPage() {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const close = () => setDialog(null);
  return (
    <Stack maw={1400} mx="auto" gap="lg">
      <Group justify="space-between" wrap="wrap" align="flex-start">
        <Stack gap={4} style={{ flex: '1 1 20rem' }}>
          <Title order={1} size="h2">
            {t('logs.labReports.title')}
          </Title>
          <Text c="dimmed">{t('logs.labReports.intro')}</Text>
        </Stack>
        <Button onClick={() => setDialog({ kind: 'register' })}>
          {t('logs.labReports.register')}
        </Button>
      </Group>
      {notice && (
        <Alert color="green" role="status" withCloseButton onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      <LabReportSection
        status="pending"
        onUpload={(report) => {
          setNotice(null);
          setDialog({ kind: 'upload', report });
        }}
      />
      <LabReportSection status="ready" />
      {dialog?.kind === 'register' && (
        <LabReportRegisterModal
          onClose={close}
          onDone={(message) => {
            close();
            setNotice(message);
          }}
        />
      )}
      {dialog?.kind === 'upload' && (
        <LabReportUploadModal
          report={dialog.report}
          onClose={close}
          onDone={() => {
            close();
            setNotice(
              t('logs.labReports.uploaded', {
                exam: dialog.report.exam,
                name: dialog.report.patient.name,
              }),
            );
          }}
        />
      )}
    </Stack>
  );
}

/** One state's reports, paged as the API pages them, with their loading, empty and error states. */
function LabReportSection({
  status,
  onUpload,
}: {
  status: 'pending' | 'ready';
  onUpload?: (report: LabReportItem) => void;
}) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const reports = useQuery(labReportsByStatusQuery(status, page));
  const heading = `lab-reports-${status}`;
  return (
    <Stack component="section" aria-labelledby={heading} gap="sm">
      <Title order={2} size="h3" id={heading}>
        {t(`logs.labReports.${status}`)}
      </Title>
      {reports.error ? (
        <ProblemAlert error={reports.error} onRetry={() => void reports.refetch()} />
      ) : !reports.data ? (
        <Loader aria-label={t('app.loading')} />
      ) : !reports.data.items.length ? (
        <Text c="dimmed">
          {t(status === 'pending' ? 'logs.labReports.nonePending' : 'logs.labReports.noneReady')}
        </Text>
      ) : (
        <>
          <LabReportTable
            reports={reports.data.items}
            action={
              onUpload &&
              ((report) => (
                <Button
                  size="xs"
                  aria-label={t('logs.labReports.uploadLabel', {
                    exam: report.exam,
                    name: report.patient.name,
                  })}
                  onClick={() => onUpload(report)}
                >
                  {t('logs.labReports.upload')}
                </Button>
              ))
            }
          />
          <LogPager
            page={page}
            pageSize={LAB_REPORTS_PAGE_SIZE}
            total={reports.data.total}
            onChange={setPage}
          />
        </>
      )}
    </Stack>
  );
}
