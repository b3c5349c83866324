import { Button, Card, Group, Modal, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CID10_PATTERN } from '../../../src/modules/records/cid10.js';
import { api, call } from '../api/client';
import { showFieldErrors } from '../app/field-errors';
import { ProblemAlert } from '../app/problem-alert';
import { appointmentQuery, type Appointment } from './day-queries';

// The API's own rule (src/modules/records/cid10.ts): a code the page accepts, the API accepts.
const cid10 = new RegExp(CID10_PATTERN);

interface Values {
  notes: string;
  diagnoses: { description: string; code: string }[];
  followUp: string;
}

const emptyDiagnosis = () => ({ description: '', code: '' });

/** What the professional writes (notes, CID-10 diagnoses, follow-up) and "Finish". */
export function ConsultationForm({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [confirming, confirm] = useDisclosure(false);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { notes: '', diagnoses: [emptyDiagnosis()], followUp: '' },
    validate: {
      diagnoses: {
        description: (value, values, path) => {
          const index = Number(path.split('.')[1]);
          const code = values.diagnoses[index]?.code.trim();
          return code && !value.trim() ? t('day.consultation.descriptionRequired') : null;
        },
        code: (value) =>
          value.trim() && !cid10.test(value.trim()) ? t('day.consultation.codeInvalid') : null,
      },
    },
  });
  const finish = useMutation({
    mutationFn: (values: Values) => {
      const diagnoses = values.diagnoses
        .filter((d) => d.description.trim())
        .map((d) => ({
          description: d.description.trim(),
          ...(d.code.trim() ? { code: d.code.trim().toUpperCase() } : {}),
        }));
      return call(
        api.POST('/api/v1/appointments/{id}/finish', {
          params: { path: { id: appointment.id } },
          body: {
            ...(values.notes.trim() ? { notes: values.notes } : {}),
            ...(diagnoses.length ? { diagnoses } : {}),
            ...(values.followUp.trim() ? { followUp: values.followUp } : {}),
          },
        }),
      );
    },
    onSuccess: (finished) => {
      confirm.close();
      client.setQueryData(appointmentQuery(appointment.id).queryKey, finished);
      void client.invalidateQueries({ queryKey: ['appointments'] });
      void client.invalidateQueries({ queryKey: ['consultations'] });
    },
    onError: (error) => {
      confirm.close();
      showFieldErrors(form, error);
    },
  });

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="notes-title">
      <form onSubmit={form.onSubmit(() => confirm.open())} noValidate>
        <Stack gap="md">
          <Title order={2} size="h3" id="notes-title">
            {t('day.consultation.title')}
          </Title>
          <Textarea
            label={t('day.consultation.notes')}
            autosize
            minRows={5}
            maxLength={20_000}
            {...form.getInputProps('notes')}
          />
          <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
            <Text component="legend" fw={500} size="sm">
              {t('day.consultation.diagnoses')}
            </Text>
            {form.values.diagnoses.map((_, index) => (
              <Group key={form.key(`diagnoses.${index}`)} align="flex-start" wrap="wrap" gap="xs">
                <TextInput
                  label={t('day.consultation.diagnosis', { number: index + 1 })}
                  style={{ flex: '1 1 16rem' }}
                  maxLength={500}
                  {...form.getInputProps(`diagnoses.${index}.description`)}
                />
                <TextInput
                  label={t('day.consultation.code', { number: index + 1 })}
                  description={t('day.consultation.codeHint')}
                  w={140}
                  maxLength={6}
                  {...form.getInputProps(`diagnoses.${index}.code`)}
                />
                {form.values.diagnoses.length > 1 && (
                  <Button
                    variant="subtle"
                    color="red"
                    mt={24}
                    onClick={() => form.removeListItem('diagnoses', index)}
                    aria-label={t('day.consultation.removeDiagnosis', { number: index + 1 })}
                  >
                    {t('day.remove')}
                  </Button>
                )}
              </Group>
            ))}
            <Group>
              <Button
                variant="light"
                size="xs"
                onClick={() => form.insertListItem('diagnoses', emptyDiagnosis())}
                disabled={form.values.diagnoses.length >= 20}
              >
                {t('day.consultation.addDiagnosis')}
              </Button>
            </Group>
          </Stack>
          <Textarea
            label={t('day.consultation.followUp')}
            description={t('day.consultation.followUpHint')}
            autosize
            minRows={2}
            maxLength={2_000}
            {...form.getInputProps('followUp')}
          />
          {finish.error && <ProblemAlert error={finish.error} />}
          <Group justify="flex-end">
            <Button type="submit" size="md">
              {t('day.consultation.finish')}
            </Button>
          </Group>
        </Stack>
      </form>
      <Modal
        closeButtonProps={{ 'aria-label': t('day.consultation.keepWriting') }}
        opened={confirming}
        onClose={confirm.close}
        title={t('day.consultation.finishTitle')}
      >
        <Stack gap="md">
          <Text>{t('day.consultation.finishBody')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>
              {t('day.consultation.keepWriting')}
            </Button>
            <Button loading={finish.isPending} onClick={() => finish.mutate(form.getValues())}>
              {t('day.consultation.finishConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
