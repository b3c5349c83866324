import { Anchor, Button, Grid, NativeSelect, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { normalizeCpf } from '../../../src/lib/cpf.js';
import { api, call } from '../api/client';
import { ApiProblem } from '../api/problems';
import { showFieldErrors } from '../app/field-errors';
import { ProblemAlert } from '../app/problem-alert';
import { FormPage } from '../layout/form-page';
import { i18n, type Language } from '../i18n';
import { meQuery } from '../session/queries';

const CEP = /^\d{5}-?\d{3}$/;

const initialValues = {
  name: '',
  email: '',
  password: '',
  phone: '',
  birthDate: '',
  gender: 'female' as 'female' | 'male' | 'other',
  cpf: '',
  postCode: '',
  street: '',
  houseNumber: '',
  complement: '',
  district: '',
  city: '',
  state: '',
};
type Values = typeof initialValues;

/** The API's field names (`address.postCode`) as this form's. */
const formField = (field: string) => field.replace(/^address\./, '');

/**
 * A patient's own sign-up: the address filled in from the CEP, the CPF checked as typed, then
 * signed in and on to confirming the e-mail with the code it was sent.
 */
export function SignUpPage() {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const required = (value: string) => (value.trim() ? null : t('signUp.required'));
  const form = useForm({
    mode: 'controlled',
    initialValues,
    validate: {
      name: required,
      email: required,
      password: (value) => (value.length >= 8 ? null : t('signUp.shortPassword')),
      phone: required,
      birthDate: required,
      houseNumber: required,
      postCode: (value) => (CEP.test(value.trim()) ? null : t('signUp.invalidCep')),
      cpf: (value) => (!value.trim() || normalizeCpf(value) ? null : t('signUp.invalidCpf')),
    },
  });

  // The street, district, city and state from the CEP, as soon as it has its 8 digits.
  const lookUpCep = async (value: string) => {
    if (!CEP.test(value.trim())) return;
    try {
      const found = await call(
        api.GET('/api/v1/addresses/{postCode}', { params: { path: { postCode: value.trim() } } }),
      );
      // Field by field: the other fields keep their messages (setValues would clear them).
      form.setFieldValue('state', found.state);
      for (const name of ['street', 'district', 'city'] as const) {
        const value = found[name];
        if (value) form.setFieldValue(name, value);
      }
    } catch (error) {
      if (error instanceof ApiProblem) form.setFieldError('postCode', error.message);
    }
  };

  const signUp = useMutation({
    mutationFn: async (values: Values) => {
      const optional = (value: string) => (value.trim() ? value.trim() : undefined);
      await call(
        api.POST('/api/v1/patients', {
          body: {
            name: values.name.trim(),
            email: values.email.trim(),
            password: values.password,
            phone: values.phone.trim(),
            birthDate: values.birthDate,
            gender: values.gender,
            ...(optional(values.cpf) ? { cpf: values.cpf.trim() } : {}),
            language: i18n.language as Language,
            address: {
              postCode: values.postCode.trim(),
              houseNumber: values.houseNumber.trim(),
              street: optional(values.street),
              complement: optional(values.complement),
              district: optional(values.district),
              city: optional(values.city),
            },
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
    onError: (error) => showFieldErrors(form, error, formField),
  });

  const field = (name: keyof Values) => ({ key: form.key(name), ...form.getInputProps(name) });
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
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <TextInput
                label={t('signUp.postCode')}
                inputMode="numeric"
                autoComplete="postal-code"
                required
                {...field('postCode')}
                onBlur={(event) => {
                  form.validateField('postCode');
                  void lookUpCep(event.currentTarget.value);
                }}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 8 }}>
              <TextInput label={t('signUp.street')} {...field('street')} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 4 }}>
              <TextInput label={t('signUp.houseNumber')} required {...field('houseNumber')} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 8 }}>
              <TextInput label={t('signUp.complement')} {...field('complement')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 5 }}>
              <TextInput label={t('signUp.district')} {...field('district')} />
            </Grid.Col>
            <Grid.Col span={{ base: 8, sm: 5 }}>
              <TextInput label={t('signUp.city')} {...field('city')} />
            </Grid.Col>
            <Grid.Col span={{ base: 4, sm: 2 }}>
              <TextInput label={t('signUp.state')} readOnly {...field('state')} />
            </Grid.Col>
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
