import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import { showFieldErrors } from '../app/field-errors';
import { ProblemAlert } from '../app/problem-alert';
import { FormPage } from '../layout/form-page';

/**
 * A forgotten password: the e-mail gets a code, and the code with a new password sets it. The
 * answer to the e-mail is the same whether an account has it or not.
 */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: (address: string) =>
      call(api.POST('/api/v1/auth/password/forgot', { body: { email: address } })),
  });
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { code: '', newPassword: '' },
    validate: {
      code: (value) => (/^\d{6}$/.test(value.trim()) ? null : t('signUp.required')),
      newPassword: (value) => (value.length >= 8 ? null : t('signUp.shortPassword')),
    },
  });
  const reset = useMutation({
    mutationFn: (values: { code: string; newPassword: string }) =>
      call(
        api.POST('/api/v1/auth/password/reset', {
          body: { email: email.trim(), code: values.code.trim(), newPassword: values.newPassword },
        }),
      ),
    onError: (error) => showFieldErrors(form, error),
  });

  if (reset.isSuccess) {
    return (
      <FormPage title={t('forgot.title')}>
        <Stack>
          <Alert color="green" role="status">
            {t('forgot.done')}
          </Alert>
          <Anchor component={Link} to="/sign-in">
            {t('forgot.signIn')}
          </Anchor>
        </Stack>
      </FormPage>
    );
  }
  return (
    <FormPage title={t('forgot.title')} intro={t('forgot.intro')}>
      <Stack>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (email.trim()) request.mutate(email.trim());
          }}
        >
          <Stack>
            {request.error && <ProblemAlert error={request.error} />}
            <TextInput
              label={t('forgot.email')}
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
            />
            <Button
              type="submit"
              variant={request.isSuccess ? 'default' : 'filled'}
              loading={request.isPending}
            >
              {t('forgot.send')}
            </Button>
          </Stack>
        </form>
        {request.isSuccess && (
          <form onSubmit={form.onSubmit((values) => reset.mutate(values))} noValidate>
            <Stack>
              <Alert role="status">{t('forgot.sent')}</Alert>
              {reset.error && <ProblemAlert error={reset.error} />}
              <TextInput
                label={t('forgot.code')}
                inputMode="numeric"
                autoComplete="one-time-code"
                required
                key={form.key('code')}
                {...form.getInputProps('code')}
              />
              <PasswordInput
                label={t('forgot.newPassword')}
                description={t('signUp.passwordHint')}
                autoComplete="new-password"
                required
                key={form.key('newPassword')}
                {...form.getInputProps('newPassword')}
              />
              <Button type="submit" loading={reset.isPending}>
                {t('forgot.submit')}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </FormPage>
  );
}
