import { Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { showFieldErrors } from '../app/field-errors';
import { ProblemAlert } from '../app/problem-alert';
import { FormPage } from '../layout/form-page';
import { clinicQuery, meQuery } from '../session/queries';
import { afterSignIn } from '../session/signed-in';

export function SignInPage() {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const clinic = useQuery(clinicQuery);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (value.trim() ? null : t('signIn.emailRequired')),
      password: (value) => (value ? null : t('signIn.passwordRequired')),
    },
  });
  const signIn = useMutation({
    // The answer's token is for API clients; the browser keeps only the HttpOnly cookie.
    mutationFn: (values: { email: string; password: string }) =>
      call(api.POST('/api/v1/auth/login', { body: values })),
    onSuccess: async () => {
      const me = await queries.fetchQuery({ ...meQuery, staleTime: 0 });
      await navigate(afterSignIn(search.get('next'), me?.role ?? 'patient'), { replace: true });
    },
    onError: (error) => showFieldErrors(form, error),
  });

  return (
    <FormPage title={t('signIn.title')} intro={t('signIn.intro')}>
      <form onSubmit={form.onSubmit((values) => signIn.mutate(values))} noValidate>
        <Stack>
          {signIn.error && <ProblemAlert error={signIn.error} />}
          <TextInput
            label={t('signIn.email')}
            type="email"
            autoComplete="email"
            required
            key={form.key('email')}
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={t('signIn.password')}
            autoComplete="current-password"
            required
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={signIn.isPending} fullWidth>
            {t('signIn.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password" ta="center" size="sm">
            {t('forgot.link')}
          </Anchor>
          <Anchor component={Link} to="/sign-up" ta="center">
            {t('signUp.link')}
          </Anchor>
          {clinic.data?.publicDirectory && (
            <Anchor component={Link} to="/professionals" ta="center" size="sm">
              {t('directory.link')}
            </Anchor>
          )}
        </Stack>
      </form>
    </FormPage>
  );
}
