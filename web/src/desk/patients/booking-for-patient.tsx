import { Alert, Stack, Switch } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { Ok } from '../../api/types';
import type { FreeSlot } from '../../booking/booking-queries';
import { ChooseTime } from '../../booking/choose-time';
import { ConfirmBooking } from '../../booking/confirm-booking';
import { FIRST_AVAILABLE } from '../../booking/professional-choice';
import { unlessSlotTaken } from '../../booking/slot-taken';
import { SpecialtyAndProfessional } from '../../booking/specialty-and-professional';
import { useSlotChoice } from '../../booking/use-slot-choice';
import { useSpecialtyAndProfessional } from '../../booking/use-specialty-and-professional';
import { BookedForPatient } from './booked-for-patient';
import { ForcedExtra } from './forced-extra';
import type { Patient } from './patient-form';

type Appointment = Ok<'/api/v1/appointments/{id}', 'get'>;

interface Booking {
  startsAt: string;
  professional: string;
  reason: string;
  force: boolean;
  /** The free time chosen, when it was one (so a time taken meanwhile is shown as such). */
  slot?: FreeSlot;
}

/**
 * Specialty → professional → a free time (the portal's own calendar) or a forced extra, for a
 * patient: a new booking, or with `appointment` a move of that one (time and/or professional).
 */
export function BookingForPatient({
  patient,
  appointment,
}: {
  patient: Patient;
  appointment: Appointment | undefined;
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const whom = useSpecialtyAndProfessional({
    specialty: appointment?.professional.specialty ?? '',
    who: appointment?.professional.councilNumber ?? FIRST_AVAILABLE,
  });
  const { who, source, professional } = whom;
  const [forced, setForced] = useState(false);
  const choice = useSlotChoice();
  const { slot, taken } = choice;

  const save = useMutation({
    mutationFn: (booking: Booking) =>
      appointment
        ? call(
            api.PATCH('/api/v1/appointments/{id}', {
              params: { path: { id: appointment.id } },
              body: {
                startsAt: booking.startsAt,
                ...(booking.professional !== appointment.professional.councilNumber
                  ? { professional: booking.professional }
                  : {}),
                ...(booking.force ? { force: true, reason: booking.reason } : {}),
              },
            }),
          )
        : call(
            api.POST('/api/v1/appointments', {
              body: {
                patient: patient.registerNumber,
                professional: booking.professional,
                startsAt: booking.startsAt,
                ...(booking.reason ? { reason: booking.reason } : {}),
                ...(booking.force ? { force: true } : {}),
              },
            }),
          ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['appointments'] });
      await queries.invalidateQueries({ queryKey: ['appointment'] });
      await queries.invalidateQueries({ queryKey: ['slots'] });
    },
    onError: (error, booking) => booking.slot && choice.refused(error, booking.slot),
  });
  const choose = (chosen: FreeSlot | undefined) => {
    choice.choose(chosen);
    save.reset();
  };

  if (save.data) {
    return (
      <BookedForPatient
        appointment={save.data}
        title={
          appointment
            ? t('deskPatients.book.moved')
            : t('deskPatients.book.booked', { name: patient.name })
        }
        onAnother={() => {
          choose(undefined);
          setForced(false);
        }}
      />
    );
  }

  const confirmLabel = appointment ? t('reschedule.confirm') : t('deskPatients.book.confirm');
  return (
    <Stack gap="lg">
      <SpecialtyAndProfessional
        choice={whom}
        noSpecialties={t('deskPatients.book.noSpecialties')}
        onChange={() => choose(undefined)}
      />

      {source && (
        <Switch
          size="md"
          checked={forced}
          onChange={(event) => {
            setForced(event.currentTarget.checked);
            choose(undefined);
          }}
          label={t('deskPatients.force.switch')}
          description={t('deskPatients.force.explain')}
        />
      )}

      {source && !forced && (
        <ChooseTime
          title={t('booking.when')}
          source={source}
          selected={slot}
          taken={taken}
          onSelect={choose}
        />
      )}

      {source && !forced && slot && (
        <ConfirmBooking
          ref={choice.confirmHeading}
          title={t('deskPatients.book.confirmTitle')}
          slot={slot}
          professional={professional}
          busy={save.isPending}
          error={unlessSlotTaken(save.error)}
          withReason={!appointment}
          confirmLabel={confirmLabel}
          onConfirm={(reason) =>
            save.mutate({
              startsAt: slot.startsAt,
              professional: slot.professional?.councilNumber ?? who,
              reason,
              force: false,
              slot,
            })
          }
        />
      )}

      {source && forced && !professional && (
        <Alert color="gray">{t('deskPatients.force.chooseProfessional')}</Alert>
      )}
      {source && forced && professional && (
        <ForcedExtra
          key={professional.councilNumber}
          professionalName={professional.name}
          initialReason={appointment?.reason ?? ''}
          busy={save.isPending}
          error={save.error}
          confirmLabel={confirmLabel}
          onConfirm={({ startsAt, reason }) =>
            save.mutate({
              startsAt,
              professional: professional.councilNumber,
              reason,
              force: true,
            })
          }
        />
      )}
    </Stack>
  );
}
