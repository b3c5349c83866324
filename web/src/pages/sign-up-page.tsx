import { Anchor, Button, Grid, NativeSelect, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { normalizeCpf } from '../../../src/lib/cpf.js';
import { api, call } from '../api/client';
import { AddressFields, addressBody, addressRules, emptyAddress } from '../app/address-fields';
import { showFieldErrors } from '../app/field-errors';
import { phoneRule } from '../app/phone-rule';
import { ProblemAlert } from '../app/problem-alert';
import { FormPage } from '../layout/form-page';
import { i18n, type Language } from '../i18n';
import { clinicQuery, meQuery } from '../session/queries';

const initialValues = {
  name: '',
  email: '',
  password: '',
  phone: '',
  birthDate: '',
  gender: 'female' as 'female' | 'male' | 'other',
  cpf: '',
  address: emptyAddress,
};
type Values = typeof initialValues;

/**
 * A patient's own sign-up: the address filled in from the CEP, the CPF checked as typed, then
 * signed in and on to confirming the e-mail with the code it was sent.
 */
export function SignUpPage() {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const required = (value: string) => (value.trim() ? null : t('signUp.required'));
  const country = useQuery(clinicQuery).data?.country;
  const form = useForm({
    mode: 'controlled',
    initialValues,
    validate: {
      name: required,
      email: required,
      password: (value) => (value.length >= 8 ? null : t('signUp.shortPassword')),
      phone: phoneRule(t('signUp.required'), t('signUp.invalidPhone'), country),
      birthDate: required,
      address: addressRules(t),
      cpf: (value) => (!value.trim() || normalizeCpf(value) ? null : t('signUp.invalidCpf')),
    },
  });

  const signUp = useMutation({
    mutationFn: async (values: Values) => {
      await call(
        api.POST('/api/v1/patients', {
          body: {
            name: values.name.trim(),
            email: values.email.trim(),
            password: values.password,
            phone: values.phone.trim(),
            birthDate: values.birthDate,
            gender: values.gender,
            ...(values.cpf.trim() ? { cpf: values.cpf.trim() } : {}),
            language: i18n.language as Language,
            address: addressBody(values.address),
          },
        }),
      );
      await call(
        api.POST('/api/v1/auth/login', {
          body: { email: values.email.trim(), password: values.password },
        }),
      );
    },
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: meQuery.queryKey });
      await navigate('/verify-email?send=1');
    },
    onError: (error) => showFieldErrors(form, error),
  });

  const field = (name: Exclude<keyof Values, 'address'>) => ({
    key: form.key(name),
    ...form.getInputProps(name),
  });
  return (
    <FormPage title={t('signUp.title')} intro={t('signUp.intro')} width={640}>
      <form onSubmit={form.onSubmit((values) => signUp.mutate(values))} noValidate>
        <Stack>
          {signUp.error && <ProblemAlert error={signUp.error} />}
          <TextInput label={t('signUp.name')} autoComplete="name" required {...field('name')} />
          <TextInput
            label={t('signUp.email')}
            type="email"
            autoComplete="email"
            required
            {...field('email')}
          />
          <PasswordInput
            label={t('signUp.password')}
            description={t('signUp.passwordHint')}
            autoComplete="new-password"
            required
            {...field('password')}
          />
          <Grid>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label={t('signUp.phone')}
                description={t('signUp.phoneHint')}
                type="tel"
                autoComplete="tel-national"
                required
                {...field('phone')}
                onBlur={() => form.validateField('phone')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label={t('signUp.cpf')}
                inputMode="numeric"
                {...field('cpf')}
                onBlur={() => form.validateField('cpf')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label={t('signUp.birthDate')}
                type="date"
                autoComplete="bday"
                required
                {...field('birthDate')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <NativeSelect
                label={t('signUp.gender')}
                data={(['female', 'male', 'other'] as const).map((value) => ({
                  value,
                  label: t(`signUp.genders.${value}`),
                }))}
                {...field('gender')}
              />
            </Grid.Col>
            <AddressFields form={form} />
          </Grid>
          <Button type="submit" loading={signUp.isPending} fullWidth>
            {t('signUp.submit')}
          </Button>
          <Anchor component={Link} to="/sign-in" ta="center">
            {t('signUp.haveAccount')}
          </Anchor>
        </Stack>
      </form>
    </FormPage>
  );
}
