import { Button, Stack, Switch, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { Ok } from '../../api/types';
import { displayPhone } from '../../app/phone';
import { ProblemAlert } from '../../app/problem-alert';
import { clinicQuery, meQuery } from '../../session/queries';
import { useClinicTime } from '../../time/use-clinic-time';
import { ProfileSection, SavedNotice } from './section';

type Me = NonNullable<Ok<'/api/v1/auth/me', 'get'>>;
const channels = ['email', 'sms', 'whatsapp'] as const;

/**
 * The channels the clinic's notices go by. WhatsApp needs the patient's recorded consent, so
 * its switch says what they agree to, and since when they have.
 */
export function NotificationsSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const clinic = useQuery(clinicQuery);
  const queries = useQueryClient();
  const form = useForm({ mode: 'controlled', initialValues: me.notify });

  const save = useMutation({
    mutationFn: (notify: Me['notify']) => call(api.PATCH('/api/v1/auth/me', { body: { notify } })),
    onSuccess: async (updated) => {
      form.setValues(updated.notify);
      form.resetDirty(updated.notify);
      queries.setQueryData(meQuery.queryKey, updated);
      await queries.invalidateQueries({ queryKey: meQuery.queryKey });
    },
  });

  const phone = me.phone ? displayPhone(me.phone) : '';
  const optedIn = me.whatsappOptInAt && form.values.whatsapp ? me.whatsappOptInAt : null;
  return (
    <ProfileSection id="notifications" title={t('profile.notifications.title')}>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <Text size="sm">{t('profile.notifications.intro')}</Text>
          {save.error && <ProblemAlert error={save.error} />}
          {channels.map((channel) => (
            <Switch
              key={form.key(channel)}
              label={t(`profile.notifications.${channel}`)}
              description={
                channel === 'whatsapp' ? (
                  <>
                    {t('profile.notifications.whatsappConsent', {
                      clinic: clinic.data?.name ?? '',
                      phone,
                    })}
                    {optedIn && (
                      <> {t('profile.notifications.optedInOn', { date: time.date(optedIn) })}</>
                    )}
                  </>
                ) : undefined
              }
              {...form.getInputProps(channel, { type: 'checkbox' })}
            />
          ))}
          {save.isSuccess && !form.isDirty() && (
            <SavedNotice>{t('profile.notifications.saved')}</SavedNotice>
          )}
          <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('profile.notifications.save')}
          </Button>
        </Stack>
      </form>
    </ProfileSection>
  );
}
