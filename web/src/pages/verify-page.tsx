import { Alert, Button, Group, PinInput, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { ApiProblem } from '../api/problems';
import { displayPhone } from '../app/phone';
import { ProblemAlert } from '../app/problem-alert';
import { FormPage } from '../layout/form-page';
import { meQuery } from '../session/queries';

export type VerifiedContact = 'email' | 'phone';

/** Where each page goes once done (or put off): the phone is the profile's. */
const doneAt: Record<VerifiedContact, string> = { email: '/dashboard', phone: '/profile' };

/**
 * Confirming the e-mail or the phone with the 6-digit code it was sent; `?send=1` sends one on
 * arrival (right after sign-up, or from a "verify" link).
 */
export function VerifyPage({ contact }: { contact: VerifiedContact }) {
  const { t } = useTranslation();
  const me = useQuery(meQuery);
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const [code, setCode] = useState('');
  const [resent, setResent] = useState(false);
  const sent = useRef(false);

  const send = useMutation({
    mutationFn: () => call(api.POST(`/api/v1/auth/verify/${contact}`)),
  });
  useEffect(() => {
    // Once per visit: React runs effects twice in development.
    if (search.get('send') && !sent.current) {
      sent.current = true;
      send.mutate();
      // Reloading the page must not send another code, which would void this one.
      setSearch({}, { replace: true });
    }
  }, [search, send, setSearch]);

  const confirm = useMutation({
    mutationFn: (value: string) =>
      call(api.POST(`/api/v1/auth/verify/${contact}/confirm`, { body: { code: value } })),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: meQuery.queryKey });
      await navigate(doneAt[contact]);
    },
  });

  const destination =
    contact === 'email' ? (me.data?.email ?? '') : displayPhone(me.data?.phone ?? '');
  // No provider for this channel: no code was made, and asking again will not help.
  const unavailable =
    send.error instanceof ApiProblem && send.error.problem.status === 503 ? send.error : null;
  const later = (
    <Button variant="default" onClick={() => void navigate(doneAt[contact])}>
      {t('verify.skip')}
    </Button>
  );
  if (unavailable) {
    // Nothing to type: the clinic's own words say what would make it work (WhatsApp, say).
    return (
      <FormPage title={t(`verify.${contact}.title`)} width={480}>
        <Stack>
          <Alert color="yellow" role="status">
            <Stack gap="xs">
              <Text fw={600}>{t(`verify.${contact}.unavailable`)}</Text>
              <Text size="sm">{unavailable.message}</Text>
            </Stack>
          </Alert>
          {later}
        </Stack>
      </FormPage>
    );
  }
  return (
    <FormPage title={t(`verify.${contact}.title`)} width={480}>
      <Stack>
        <Text>{t(`verify.${contact}.intro`, { destination })}</Text>
        {send.error && <ProblemAlert error={send.error} />}
        {resent && send.isSuccess && <Alert role="status">{t('verify.resent')}</Alert>}
        {confirm.error && <ProblemAlert error={confirm.error} />}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            confirm.mutate(code);
          }}
        >
          <Stack>
            <PinInput
              length={6}
              type="number"
              oneTimeCode
              value={code}
              onChange={setCode}
              onComplete={(value) => confirm.mutate(value)}
              aria-label={t('verify.code')}
              getInputProps={(index) => ({ 'aria-label': `${t('verify.code')} ${index + 1}` })}
            />
            <Group justify="space-between">
              <Button type="submit" loading={confirm.isPending} disabled={code.length < 6}>
                {t('verify.submit')}
              </Button>
              <Button
                variant="subtle"
                onClick={() => {
                  setResent(true);
                  send.mutate();
                }}
                loading={send.isPending}
              >
                {t('verify.resend')}
              </Button>
            </Group>
            {later}
          </Stack>
        </form>
      </Stack>
    </FormPage>
  );
}
