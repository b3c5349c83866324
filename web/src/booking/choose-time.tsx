import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FreeSlot, SlotSource } from './booking-queries';
import { SlotPicker } from './slot-picker';
import { SlotTaken } from './slot-taken';

/**
 * The "when" step of a booking or a move: the calendar of free times, and above it the time just
 * lost to another booking (with the nearest ones still free), when there is one.
 */
export function ChooseTime({
  title,
  source,
  selected,
  taken,
  onSelect,
}: {
  title: string;
  source: SlotSource;
  selected: FreeSlot | undefined;
  taken: FreeSlot | undefined;
  onSelect: (slot: FreeSlot) => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" component="section" aria-labelledby="when">
      <Title order={2} size="h4" id="when">
        {title}
      </Title>
      <Text size="sm" c="dimmed">
        {t('booking.calendarHint')}
      </Text>
      {taken && <SlotTaken source={source} taken={taken} onSelect={onSelect} />}
      {/* A new source starts the calendar afresh, on its own first free day. */}
      <SlotPicker
        key={JSON.stringify(source)}
        source={source}
        selected={selected}
        onSelect={onSelect}
      />
    </Stack>
  );
}
