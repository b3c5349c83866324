import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { showFieldErrors } from '../app/field-errors';
import { ProblemAlert } from '../app/problem-alert';
import { useClinicTime } from '../time/use-clinic-time';
import { clinicInstant } from '../time/clinic-instant';
import { PatientPicker } from './patients/patient-picker';
import type { FoundPatient } from './patients/patient-search';

interface Values {
  lab: string;
  exam: string;
  requestedOn: string;
}

/**
 * Registering a lab report the desk hears of from outside (an exam ordered elsewhere): find the
 * patient, then the exam, the laboratory and the day it was ordered. It waits for its result.
 */
export function LabReportRegisterModal({
  onClose,
  onDone,
}: {
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const queries = useQueryClient();
  const [patient, setPatient] = useState<FoundPatient | null>(null);
  const required = (value: string) => (value.trim() ? null : t('logs.labReports.required'));
  const form = useForm<Values>({
    initialValues: { lab: '', exam: '', requestedOn: time.today },
    validate: { lab: required, exam: required },
  });
  const register = useMutation({
    mutationFn: (values: Values) =>
      call(
        api.POST('/api/v1/patients/{registerNumber}/lab-reports', {
          params: { path: { registerNumber: patient!.registerNumber } },
          body: {
            lab: values.lab.trim(),
            exam: values.exam.trim(),
            // Ordered today: now. Another day: its midday on the clinic's calendar.
            ...(values.requestedOn && values.requestedOn !== time.today
              ? { requestedAt: clinicInstant(values.requestedOn, '12:00', time.timeZone) }
              : {}),
          },
        }),
      ),
    onSuccess: async (report) => {
      await queries.invalidateQueries({ queryKey: ['lab-reports'] });
      onDone(t('logs.labReports.registered', { exam: report.exam, name: report.patient.name }));
    },
    onError: (error) => showFieldErrors(form, error),
  });

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={t('logs.labReports.registerTitle')}
      closeButtonProps={{ 'aria-label': t('logs.labReports.cancel') }}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('logs.labReports.registerIntro')}
        </Text>
        {!patient ? (
          <PatientPicker onChoose={setPatient} autoFocus />
        ) : (
          <form onSubmit={form.onSubmit((values) => register.mutate(values))} noValidate>
            <Stack gap="sm">
              <Group justify="space-between" wrap="wrap">
                <Text fw={600}>
                  {patient.name} · {patient.registerNumber}
                </Text>
                <Button size="xs" variant="default" onClick={() => setPatient(null)}>
                  {t('logs.labReports.changePatient')}
                </Button>
              </Group>
              <TextInput
                label={t('logs.labReports.exam')}
                placeholder={t('logs.labReports.examHint')}
                required
                data-autofocus
                {...form.getInputProps('exam')}
              />
              <TextInput label={t('logs.labReports.lab')} required {...form.getInputProps('lab')} />
              <TextInput
                type="date"
                label={t('logs.labReports.requestedOn')}
                max={time.today}
                {...form.getInputProps('requestedOn')}
              />
              {register.error && <ProblemAlert error={register.error} />}
              <Group justify="flex-end" gap="sm">
                <Button variant="default" onClick={onClose}>
                  {t('logs.labReports.cancel')}
                </Button>
                <Button type="submit" loading={register.isPending}>
                  {t('logs.labReports.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Modal>
  );
}
