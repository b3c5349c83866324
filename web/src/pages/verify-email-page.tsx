import { Alert, Button, Group, PinInput, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { ApiProblem } from '../api/problems';
import { ProblemAlert } from '../app/problem-alert';
import { FormPage } from '../layout/form-page';
import { meQuery } from '../session/queries';

/** Confirming the e-mail with the 6-digit code it was sent (right after sign-up, or later). */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const me = useQuery(meQuery);
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const [code, setCode] = useState('');
  const [resent, setResent] = useState(false);
  const sent = useRef(false);

  const send = useMutation({
    mutationFn: () => call(api.POST('/api/v1/auth/verify/email')),
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
      call(api.POST('/api/v1/auth/verify/email/confirm', { body: { code: value } })),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: meQuery.queryKey });
      await navigate('/dashboard');
    },
  });

  const unavailable = send.error instanceof ApiProblem && send.error.problem.status === 503;
  return (
    <FormPage title={t('verify.title')} width={480}>
      <Stack>
        <Text>{t('verify.intro', { email: me.data?.email ?? '' })}</Text>
        {unavailable ? (
          <Alert color="yellow" role="status">
            {t('verify.unavailable')}
          </Alert>
        ) : (
          send.error && <ProblemAlert error={send.error} />
        )}
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
            <Button variant="default" onClick={() => void navigate('/dashboard')}>
              {t('verify.skip')}
            </Button>
          </Stack>
        </form>
      </Stack>
    </FormPage>
  );
}
