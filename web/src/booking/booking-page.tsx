import { Alert, Button, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { professionalQuery, professionalsQuery, specialtiesQuery } from '../api/directory-queries';
import { ProblemAlert } from '../app/problem-alert';
import { BookedCard } from './booked-card';
import type { FreeSlot, SlotSource } from './booking-queries';
import { ConfirmBooking } from './confirm-booking';
import { FIRST_AVAILABLE, ProfessionalChoice } from './professional-choice';
import { SlotPicker } from './slot-picker';
import { SlotTaken, unlessSlotTaken } from './slot-taken';
import { useSlotChoice } from './use-slot-choice';

/**
 * Booking in four short steps on one page: specialty → professional (or the first available) →
 * a day and a free time → confirm. `?professional=` (from the directory) starts at the third.
 */
export function BookingPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const preset = params.get('professional');
  const presetProfessional = useQuery({
    ...professionalQuery(preset ?? ''),
    enabled: preset !== null,
  });
  const specialties = useQuery(specialtiesQuery);
  const [specialty, setSpecialty] = useState(params.get('specialty') ?? '');
  const professionals = useQuery({ ...professionalsQuery(specialty), enabled: !!specialty });
  const [who, setWho] = useState(preset ?? FIRST_AVAILABLE);
  const choice = useSlotChoice();
  const { slot, taken } = choice;

  const presetSpecialty = presetProfessional.data?.specialty;
  useEffect(() => {
    if (presetSpecialty) setSpecialty(presetSpecialty);
  }, [presetSpecialty]);

  const queries = useQueryClient();
  const book = useMutation({
    mutationFn: ({ chosen, reason }: { chosen: FreeSlot; reason: string }) =>
      call(
        api.POST('/api/v1/appointments', {
          body: {
            professional: chosen.professional?.councilNumber ?? who,
            startsAt: chosen.startsAt,
            ...(reason ? { reason } : {}),
          },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['appointments'] }),
    onError: (error, { chosen }) => choice.refused(error, chosen),
  });
  const choose = (chosen: FreeSlot | undefined) => {
    choice.choose(chosen);
    book.reset();
  };

  const booked = book.data;
  if (booked) {
    return (
      <Stack maw={720} mx="auto" gap="md">
        <Title order={1} size="h2">
          {t('booking.title')}
        </Title>
        <BookedCard appointment={booked} title={t('booking.booked')} />
        <div>
          <Button variant="default" onClick={() => choose(undefined)}>
            {t('booking.bookAnother')}
          </Button>
        </div>
      </Stack>
    );
  }

  const source: SlotSource | undefined = !specialty
    ? undefined
    : who === FIRST_AVAILABLE
      ? { specialty }
      : { professional: who };
  const professional =
    professionals.data?.items.find((item) => item.councilNumber === who) ??
    (presetProfessional.data?.councilNumber === who ? presetProfessional.data : undefined);
  return (
    <Stack maw={720} mx="auto" gap="lg">
      <Stack gap={4}>
        <Title order={1} size="h2">
          {t('booking.title')}
        </Title>
        <Text c="dimmed">{t('booking.intro')}</Text>
      </Stack>

      {specialties.error ? (
        <ProblemAlert error={specialties.error} onRetry={() => void specialties.refetch()} />
      ) : specialties.data && !specialties.data.length ? (
        <Alert color="gray">{t('booking.noSpecialties')}</Alert>
      ) : (
        <NativeSelect
          label={t('booking.specialty')}
          size="md"
          value={specialty}
          disabled={!specialties.data}
          onChange={(event) => {
            setSpecialty(event.currentTarget.value);
            setWho(FIRST_AVAILABLE);
            choose(undefined);
          }}
          data={[
            { value: '', label: t('booking.chooseSpecialty'), disabled: true },
            ...(specialties.data ?? []).map((item) => ({ value: item.name, label: item.name })),
          ]}
        />
      )}

      {specialty && (
        <ProfessionalChoice
          specialty={specialty}
          value={who}
          onChange={(value) => {
            setWho(value);
            choose(undefined);
          }}
        />
      )}

      {source && (
        <Stack gap="xs" component="section" aria-labelledby="when">
          <Title order={2} size="h4" id="when">
            {t('booking.when')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('booking.calendarHint')}
          </Text>
          {taken && <SlotTaken source={source} taken={taken} onSelect={choose} />}
          <SlotPicker
            key={JSON.stringify(source)}
            source={source}
            selected={slot}
            onSelect={choose}
          />
        </Stack>
      )}

      {slot && (
        <ConfirmBooking
          ref={choice.confirmHeading}
          slot={slot}
          professional={professional}
          busy={book.isPending}
          error={unlessSlotTaken(book.error)}
          confirmLabel={t('booking.confirm')}
          onConfirm={(reason) => book.mutate({ chosen: slot, reason })}
        />
      )}
    </Stack>
  );
}
