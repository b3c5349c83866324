import { Anchor, Button, Card, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import type { Ok } from '../api/types';
import { showFieldErrors } from '../app/field-errors';
import { ProblemAlert } from '../app/problem-alert';
import { IssuedPrescriptions } from './issued-prescriptions';

type Prescription = Ok<'/api/v1/appointments/{id}/prescriptions', 'post'>;

interface Item {
  drug: string;
  dosage: string;
  instructions: string;
  quantity: string;
}

const emptyItem = (): Item => ({ drug: '', dosage: '', instructions: '', quantity: '' });

const body = (items: Item[]) => ({
  items: items.map((item) => ({
    drug: item.drug,
    dosage: item.dosage,
    instructions: item.instructions,
    ...(item.quantity.trim() ? { quantity: item.quantity } : {}),
  })),
});

/** The prescription's items, its PDF previewed as it would print, then issued. */
export function PrescriptionEditor({ appointmentId }: { appointmentId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [issued, setIssued] = useState<Prescription[]>([]);
  const [previewUrl, setPreviewUrl] = useState<string>();
  const required = (value: string) => (value.trim() ? null : t('day.prescription.required'));
  const form = useForm<{ items: Item[] }>({
    mode: 'controlled',
    initialValues: { items: [emptyItem()] },
    validate: { items: { drug: required, dosage: required, instructions: required } },
  });
  const params = { path: { id: appointmentId } };

  // The preview's object URL lives as long as its dialog.
  useEffect(
    () => () => {
      if (previewUrl) URL.revokeObjectURL(previewUrl);
    },
    [previewUrl],
  );

  const preview = useMutation({
    mutationFn: async (items: Item[]) => {
      const pdf = await call(
        api.POST('/api/v1/appointments/{id}/prescriptions/preview', {
          params,
          body: body(items),
          parseAs: 'blob',
        }),
      );
      return URL.createObjectURL(pdf);
    },
    onSuccess: setPreviewUrl,
    onError: (error) => showFieldErrors(form, error),
  });
  const issue = useMutation({
    mutationFn: (items: Item[]) =>
      call(api.POST('/api/v1/appointments/{id}/prescriptions', { params, body: body(items) })),
    onSuccess: (prescription) => {
      setIssued((list) => [...list, prescription]);
      form.reset();
      void client.invalidateQueries({ queryKey: ['consultations'] });
    },
    onError: (error) => showFieldErrors(form, error),
  });
  const validItems = (then: (items: Item[]) => void) => () => {
    if (!form.validate().hasErrors) then(form.getValues().items);
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="rx-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="rx-title">
          {t('day.prescription.title')}
        </Title>
        <IssuedPrescriptions prescriptions={issued} onChange={setIssued} />
        {form.values.items.map((_, index) => (
          <Stack
            key={form.key(`items.${index}`)}
            gap="xs"
            component="fieldset"
            style={{ border: 0, padding: 0, margin: 0 }}
          >
            <Group justify="space-between">
              <Text component="legend" fw={600} size="sm">
                {t('day.prescription.item', { number: index + 1 })}
              </Text>
              {form.values.items.length > 1 && (
                <Button
                  variant="subtle"
                  color="red"
                  size="xs"
                  onClick={() => form.removeListItem('items', index)}
                  aria-label={t('day.prescription.removeItem', { number: index + 1 })}
                >
                  {t('day.remove')}
                </Button>
              )}
            </Group>
            <Group grow wrap="wrap" align="flex-start" preventGrowOverflow={false}>
              <TextInput
                label={t('day.prescription.drug')}
                description={t('day.prescription.drugHint')}
                maxLength={200}
                miw={200}
                {...form.getInputProps(`items.${index}.drug`)}
              />
              <TextInput
                label={t('day.prescription.quantity')}
                description={t('day.prescription.quantityHint')}
                maxLength={100}
                miw={160}
                {...form.getInputProps(`items.${index}.quantity`)}
              />
            </Group>
            <TextInput
              label={t('day.prescription.dosage')}
              description={t('day.prescription.dosageHint')}
              maxLength={200}
              {...form.getInputProps(`items.${index}.dosage`)}
            />
            <TextInput
              label={t('day.prescription.instructions')}
              description={t('day.prescription.instructionsHint')}
              maxLength={1_000}
              {...form.getInputProps(`items.${index}.instructions`)}
            />
          </Stack>
        ))}
        <Group>
          <Button
            variant="light"
            size="xs"
            onClick={() => form.insertListItem('items', emptyItem())}
            disabled={form.values.items.length >= 30}
          >
            {t('day.prescription.addItem')}
          </Button>
        </Group>
        {preview.error && <ProblemAlert error={preview.error} />}
        {issue.error && <ProblemAlert error={issue.error} />}
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={validItems((items) => preview.mutate(items))}
            loading={preview.isPending}
          >
            {t('day.prescription.preview')}
          </Button>
          <Button onClick={validItems((items) => issue.mutate(items))} loading={issue.isPending}>
            {t('day.prescription.issue')}
          </Button>
        </Group>
      </Stack>
      <Modal
        closeButtonProps={{ 'aria-label': t('day.close') }}
        opened={previewUrl !== undefined}
        onClose={() => setPreviewUrl(undefined)}
        title={t('day.prescription.previewTitle')}
      >
        <Stack gap="md">
          <Text>{t('day.prescription.previewBody')}</Text>
          <Group>
            <Anchor href={previewUrl} target="_blank" rel="noopener">
              {t('day.prescription.openPreview')}
            </Anchor>
            <Anchor href={previewUrl} download="prescription-preview.pdf">
              {t('day.prescription.downloadPreview')}
            </Anchor>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
