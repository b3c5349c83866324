import { Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../app/problem-alert';
import { useClinicTime } from '../time/use-clinic-time';
import type { FreeSlot } from './booking-queries';

/** The last step: the chosen time, with whom and where, an optional reason, and confirm. */
export function ConfirmBooking({
  title,
  slot,
  professional,
  busy,
  error,
  withReason = true,
  confirmLabel,
  onConfirm,
  ref,
}: {
  /** The heading, when not the patient's own "Confirm your appointment" (the desk's). */
  title?: string;
  slot: FreeSlot;
  professional: { name: string; specialty: string; officeNumber: string | null } | undefined;
  busy: boolean;
  error: unknown;
  withReason?: boolean;
  confirmLabel: string;
  onConfirm: (reason: string) => void;
  /** The heading, focused when the step appears. */
  ref?: Ref<HTMLHeadingElement>;
}) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const [reason, setReason] = useState('');
  const name = professional?.name ?? slot.professional?.name;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="confirm">
      <Stack gap="sm">
        <Title order={2} size="h4" id="confirm" ref={ref} tabIndex={-1}>
          {title ?? t('booking.confirmTitle')}
        </Title>
        <Text fw={600} size="lg">
          {time.dateTime(slot.startsAt)}
        </Text>
        {name && (
          <Text>
            {t('booking.with', { name })}
            {professional ? ` · ${professional.specialty}` : ''}
          </Text>
        )}
        {professional?.officeNumber && (
          <Text size="sm" c="dimmed">
            {t('professional.office', { office: professional.officeNumber })}
          </Text>
        )}
        {withReason && (
          <Textarea
            label={t('booking.reason')}
            description={t('booking.reasonHint')}
            value={reason}
            maxLength={500}
            autosize
            minRows={2}
            onChange={(event) => setReason(event.currentTarget.value)}
          />
        )}
        {error !== null && error !== undefined && <ProblemAlert error={error} />}
        <Group>
          <Button size="md" loading={busy} onClick={() => onConfirm(reason.trim())}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
