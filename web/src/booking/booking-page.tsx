import { Button, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { professionalQuery } from '../api/directory-queries';
import { BookedCard } from './booked-card';
import type { FreeSlot } from './booking-queries';
import { ChooseTime } from './choose-time';
import { ConfirmBooking } from './confirm-booking';
import { FIRST_AVAILABLE } from './professional-choice';
import { unlessSlotTaken } from './slot-taken';
import { SpecialtyAndProfessional } from './specialty-and-professional';
import { useSlotChoice } from './use-slot-choice';
import { useSpecialtyAndProfessional } from './use-specialty-and-professional';

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
  const whom = useSpecialtyAndProfessional({
    specialty: params.get('specialty') ?? '',
    who: preset ?? FIRST_AVAILABLE,
  });
  const { who, source, setSpecialty } = whom;
  const choice = useSlotChoice();
  const { slot, taken } = choice;

  const presetSpecialty = presetProfessional.data?.specialty;
  useEffect(() => {
    if (presetSpecialty) setSpecialty(presetSpecialty);
  }, [presetSpecialty, setSpecialty]);

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

  const professional =
    whom.professional ??
    (presetProfessional.data?.councilNumber === who ? presetProfessional.data : undefined);
  return (
    <Stack maw={720} mx="auto" gap="lg">
      <Stack gap={4}>
        <Title order={1} size="h2">
          {t('booking.title')}
        </Title>
        <Text c="dimmed">{t('booking.intro')}</Text>
      </Stack>

      <SpecialtyAndProfessional
        choice={whom}
        noSpecialties={t('booking.noSpecialties')}
        onChange={() => choose(undefined)}
      />

      {source && (
        <ChooseTime
          title={t('booking.when')}
          source={source}
          selected={slot}
          taken={taken}
          onSelect={choose}
        />
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
