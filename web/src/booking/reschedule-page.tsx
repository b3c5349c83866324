import { Alert, Anchor, Loader, Stack, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, call } from '../api/client';
import { professionalQuery } from '../api/directory-queries';
import type { Ok } from '../api/types';
import { ProblemAlert } from '../app/problem-alert';
import { appointmentQuery } from './appointment-query';
import { BookedCard } from './booked-card';
import type { FreeSlot } from './booking-queries';
import { ChooseTime } from './choose-time';
import { ConfirmBooking } from './confirm-booking';
import { CurrentAppointment } from './current-appointment';
import { unlessSlotTaken } from './slot-taken';
import { useSlotChoice } from './use-slot-choice';

type Appointment = Ok<'/api/v1/appointments/{id}', 'get'>;

/** Moving one's appointment to another free time of the same professional. */
export function ReschedulePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const appointment = useQuery(appointmentQuery(id));
  return (
    <Stack maw={720} mx="auto" gap="lg">
      <Title order={1} size="h2">
        {t('reschedule.title')}
      </Title>
      {appointment.error ? (
        <ProblemAlert error={appointment.error} onRetry={() => void appointment.refetch()} />
      ) : !appointment.data ? (
        <Loader aria-label={t('app.loading')} />
      ) : (
        <Reschedule appointment={appointment.data} />
      )}
    </Stack>
  );
}

function Reschedule({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const { councilNumber } = appointment.professional;
  const professional = useQuery(professionalQuery(councilNumber));
  const choice = useSlotChoice();
  const { slot, taken } = choice;
  const move = useMutation({
    mutationFn: (chosen: FreeSlot) =>
      call(
        api.PATCH('/api/v1/appointments/{id}', {
          params: { path: { id: appointment.id } },
          body: { startsAt: chosen.startsAt },
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['appointments'] });
      await queries.invalidateQueries({ queryKey: ['slots'] });
    },
    onError: (error, chosen) => choice.refused(error, chosen),
  });
  const choose = (chosen: FreeSlot) => {
    choice.choose(chosen);
    move.reset();
  };

  if (move.data) return <BookedCard appointment={move.data} title={t('reschedule.done')} />;
  // Whether it has started is the server's to say (a 422): the browser's clock may be wrong.
  const movable = appointment.status === 'scheduled';
  const source = { professional: councilNumber };
  return (
    <>
      <CurrentAppointment appointment={appointment} />
      {!movable ? (
        <Alert color="gray">
          {t('reschedule.notMovable')}{' '}
          <Anchor component={Link} to="/appointments">
            {t('booking.seeAppointments')}
          </Anchor>
        </Alert>
      ) : (
        <>
          <ChooseTime
            title={t('reschedule.choose', { name: appointment.professional.name })}
            source={source}
            selected={slot}
            taken={taken}
            onSelect={choose}
          />
          {slot && (
            <ConfirmBooking
              ref={choice.confirmHeading}
              slot={slot}
              professional={professional.data}
              busy={move.isPending}
              error={unlessSlotTaken(move.error)}
              withReason={false}
              confirmLabel={t('reschedule.confirm')}
              onConfirm={() => move.mutate(slot)}
            />
          )}
        </>
      )}
    </>
  );
}
