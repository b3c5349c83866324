import { Button, FileInput, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { ProblemAlert } from '../app/problem-alert';
import type { LabReportItem } from './lab-report-queries';

/**
 * Uploading a lab report's result: PDF or image, checked by the API (20 MB at most, by its
 * content), whose own words say why a file is refused (413, 415).
 */
export function LabReportUploadModal({
  report,
  onClose,
  onDone,
}: {
  report: LabReportItem;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: (chosen: File) =>
      call(
        api.PUT('/api/v1/lab-reports/{id}/file', {
          params: { path: { id: report.id } },
          // The generated type has the multipart body of the photo routes (its field named
          // `photo`, a string for OpenAPI's binary): the form sent has the file as `file`.
          body: { photo: chosen as unknown as string },
          bodySerializer: (body) => {
            const data = new FormData();
            data.append('file', body.photo as unknown as File);
            return data;
          },
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['lab-reports'] });
      onDone();
    },
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('logs.labReports.uploadTitle', { exam: report.exam })}
      closeButtonProps={{ 'aria-label': t('logs.labReports.cancel') }}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (file) upload.mutate(file);
        }}
      >
        <Stack gap="md">
          <Text size="sm">
            {t('logs.labReports.uploadFor', {
              name: report.patient.name,
              registerNumber: report.patient.registerNumber,
              lab: report.lab,
            })}
          </Text>
          <FileInput
            label={t('logs.labReports.file')}
            description={t('logs.labReports.fileHint')}
            accept="application/pdf,image/jpeg,image/png"
            value={file}
            onChange={(chosen) => {
              upload.reset();
              setFile(chosen);
            }}
            required
            data-autofocus
          />
          {upload.error && <ProblemAlert error={upload.error} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('logs.labReports.cancel')}
            </Button>
            <Button type="submit" disabled={!file} loading={upload.isPending}>
              {t('logs.labReports.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
