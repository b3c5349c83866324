import '@mantine/dates/styles.css';
import { Button, Indicator, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { DatePicker, DatesProvider } from '@mantine/dates';
import { useQuery } from '@tanstack/react-query';
import 'dayjs/locale/pt-br';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../app/problem-alert';
import { addDays, dayIn, firstOfMonth, lastOfMonth } from '../time/days';
import { useClinicTime } from '../time/use-clinic-time';
import { slotsQuery, type FreeSlot, type SlotSource } from './booking-queries';

/**
 * A month of days with their free times marked, then the free times of the chosen day: the
 * booking's and the rescheduling's calendar. Opens on the first day with a free time.
 */
export function SlotPicker({
  source,
  selected,
  onSelect,
}: {
  source: SlotSource;
  selected: FreeSlot | undefined;
  onSelect: (slot: FreeSlot) => void;
}) {
  const { t, i18n } = useTranslation();
  const time = useClinicTime();
  const lastDay = time.lastBookableDay;
  const [month, setMonth] = useState(firstOfMonth(time.today));
  const [day, setDay] = useState<string>();
  const from = month < time.today ? time.today : month;
  const to = lastOfMonth(month) > lastDay ? lastDay : lastOfMonth(month);
  const slots = useQuery({ ...slotsQuery(source, from, to), enabled: from <= to });

  const byDay = useMemo(() => {
    const days = new Map<string, FreeSlot[]>();
    for (const slot of slots.data ?? []) {
      const key = dayIn(slot.startsAt, time.timeZone);
      days.set(key, [...(days.get(key) ?? []), slot]);
    }
    return days;
  }, [slots.data, time.timeZone]);

  // The first free day is chosen for the patient: in the month shown, or (when opening) in the
  // first month that has one, up to the booking horizon.
  const [searching, setSearching] = useState(true);
  const firstFree = [...byDay.keys()][0];
  useEffect(() => {
    if (!slots.data) return;
    if (day && byDay.has(day)) return;
    if (firstFree) {
      setDay(firstFree);
      setSearching(false);
    } else if (searching && lastOfMonth(month) < lastDay) {
      setMonth(addDays(lastOfMonth(month), 1));
    } else {
      setDay(undefined);
      setSearching(false);
    }
  }, [slots.data, byDay, day, firstFree, month, lastDay, searching]);

  const daySlots = day ? (byDay.get(day) ?? []) : [];
  return (
    <Stack gap="md">
      <DatesProvider
        settings={{ locale: i18n.language === 'pt-BR' ? 'pt-br' : 'en', firstDayOfWeek: 0 }}
      >
        <DatePicker
          aria-label={t('booking.calendar')}
          date={month}
          onDateChange={(shown) => {
            setSearching(false);
            setMonth(firstOfMonth(shown));
            setDay(undefined);
          }}
          value={day ?? null}
          onChange={(chosen) => chosen && setDay(chosen)}
          minDate={time.today}
          maxDate={lastDay}
          excludeDate={(date) => !byDay.has(date)}
          getDayProps={(date) => ({ 'aria-label': time.day(date) })}
          ariaLabels={{
            previousMonth: t('booking.previousMonth'),
            nextMonth: t('booking.nextMonth'),
            monthLevelControl: t('booking.chooseMonth'),
          }}
          renderDay={(date) => (
            <Indicator size={5} color="blue.8" offset={-3} disabled={!byDay.has(date)}>
              <div>{Number(date.slice(8, 10))}</div>
            </Indicator>
          )}
          size="md"
        />
      </DatesProvider>
      {slots.error ? (
        <ProblemAlert error={slots.error} onRetry={() => void slots.refetch()} />
      ) : slots.isPending || searching ? (
        <Loader aria-label={t('app.loading')} />
      ) : !byDay.size ? (
        <Text c="dimmed">{t('booking.noneThisMonth')}</Text>
      ) : (
        day && (
          <Stack gap="xs">
            <Title order={3} size="h5">
              {t('booking.timesOn', { day: time.day(day) })}
            </Title>
            <SlotButtons slots={daySlots} selected={selected} onSelect={onSelect} />
          </Stack>
        )
      )}
    </Stack>
  );
}

/** Free times as buttons; with a specialty's times, whose each one is. */
export function SlotButtons({
  slots,
  selected,
  onSelect,
  withDay = false,
}: {
  slots: FreeSlot[];
  selected: FreeSlot | undefined;
  onSelect: (slot: FreeSlot) => void;
  withDay?: boolean;
}) {
  const time = useClinicTime();
  const same = (slot: FreeSlot) =>
    selected?.startsAt === slot.startsAt &&
    selected.professional?.councilNumber === slot.professional?.councilNumber;
  return (
    <SimpleGrid cols={{ base: withDay ? 1 : 3, xs: withDay ? 2 : 4, md: withDay ? 3 : 6 }}>
      {slots.map((slot) => (
        <Button
          key={`${slot.startsAt} ${slot.professional?.councilNumber ?? ''}`}
          variant={same(slot) ? 'filled' : 'default'}
          aria-pressed={same(slot)}
          onClick={() => onSelect(slot)}
          h="auto"
          py={6}
          styles={{ label: { whiteSpace: 'normal', flexDirection: 'column' } }}
        >
          <span>{withDay ? time.dateTime(slot.startsAt) : time.time(slot.startsAt)}</span>
          {slot.professional && (
            <Text span size="xs" c={same(slot) ? undefined : 'dimmed'} fw={400}>
              {slot.professional.name}
            </Text>
          )}
        </Button>
      ))}
    </SimpleGrid>
  );
}
