import { Alert, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/problems';
import { addDays } from '../time/days';
import { useClinicTime } from '../time/use-clinic-time';
import { slotsQuery, type FreeSlot, type SlotSource } from './booking-queries';
import { SlotButtons } from './slot-picker';

/** The API's answer when another booking won the time (src/modules/scheduling). */
export function isSlotTaken(error: unknown): boolean {
  return error instanceof ApiProblem && error.problem.type === 'urn:clinicdesk:problem:slot-taken';
}

/** A confirmation's problem other than a time taken (which SlotTaken shows). */
export function unlessSlotTaken(error: unknown): unknown {
  return isSlotTaken(error) ? undefined : error;
}

/** How many of the next free times are offered instead of a time just taken. */
const OFFERED = 3;

/** A time taken meanwhile: says so, and offers the next free ones after it. */
export function SlotTaken({
  source,
  taken,
  onSelect,
}: {
  source: SlotSource;
  taken: FreeSlot;
  onSelect: (slot: FreeSlot) => void;
}) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const day = time.dayOf(taken.startsAt);
  const lastDay = time.lastBookableDay;
  const week = addDays(day, 7);
  const after = useQuery(slotsQuery(source, day, week > lastDay ? lastDay : week));
  const next = (after.data ?? [])
    .filter((slot) => Date.parse(slot.startsAt) > Date.parse(taken.startsAt))
    .slice(0, OFFERED);
  return (
    // Orange text on the light orange ground is under WCAG's 4.5:1: the title is in the text colour.
    <Alert
      color="orange"
      role="alert"
      title={t('booking.taken')}
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
    >
      <Stack gap="xs">
        {after.isPending ? (
          <Loader size="sm" aria-label={t('app.loading')} />
        ) : next.length ? (
          <>
            <Text size="sm">{t('booking.takenNext')}</Text>
            <SlotButtons slots={next} selected={undefined} onSelect={onSelect} withDay />
          </>
        ) : (
          <Text size="sm">{t('booking.takenNone')}</Text>
        )}
      </Stack>
    </Alert>
  );
}
