import { Button, Group, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { AppointmentActions } from '../booking/appointment-actions';
import { AppointmentCard } from '../booking/appointment-card';
import { AppointmentList, AppointmentTabs, type When } from '../booking/appointment-list';
import { meQuery } from '../session/queries';

/** The patient's appointments: the ones ahead, which they may cancel, and the ones behind. */
export function AppointmentsPage() {
  const { t } = useTranslation();
  const me = useQuery(meQuery);
  const [params, setParams] = useSearchParams();
  const tab: When = params.get('tab') === 'past' ? 'past' : 'upcoming';
  const registerNumber = me.data?.registerNumber;
  if (!registerNumber) return null;
  return (
    <Stack maw={960} mx="auto" gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {t('appointments.title')}
        </Title>
        <Button component={Link} to="/book">
          {t('appointments.book')}
        </Button>
      </Group>
      <AppointmentTabs
        tab={tab}
        onChange={(value) => setParams(value === 'past' ? { tab: 'past' } : {}, { replace: true })}
      >
        {(when) => (
          <AppointmentList
            registerNumber={registerNumber}
            when={when}
            empty={t(when === 'upcoming' ? 'appointments.noneUpcoming' : 'appointments.nonePast')}
            card={(appointment, onCancel) => (
              <AppointmentCard
                key={appointment.id}
                appointment={appointment}
                actions={
                  when === 'upcoming' &&
                  appointment.status === 'scheduled' && (
                    <AppointmentActions
                      appointmentId={appointment.id}
                      onCancel={onCancel}
                      size="xs"
                    />
                  )
                }
              />
            )}
          />
        )}
      </AppointmentTabs>
    </Stack>
  );
}
