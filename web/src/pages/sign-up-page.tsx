import { Anchor, Button, Grid, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { AddressFields, addressBody, addressRules, emptyAddress } from '../app/address-fields';
import { showFieldErrors } from '../app/field-errors';
import {
  BirthDateField,
  CpfField,
  EmailField,
  GenderField,
  NameField,
  PhoneField,
  personRules,
} from '../app/person-fields';
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
  const country = useQuery(clinicQuery).data?.country;
  const form = useForm({
    mode: 'controlled',
    initialValues,
    validate: {
      ...personRules(t, country),
      password: (value) => (value.length >= 8 ? null : t('signUp.shortPassword')),
      address: addressRules(t),
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

  return (
    <FormPage title={t('signUp.title')} intro={t('signUp.intro')} width={640}>
      <form onSubmit={form.onSubmit((values) => signUp.mutate(values))} noValidate>
        <Stack>
          {signUp.error && <ProblemAlert error={signUp.error} />}
          <Grid>
            <NameField form={form} filledBy="self" />
            <EmailField form={form} filledBy="self" span={12} />
            <Grid.Col span={12}>
              <PasswordInput
                label={t('signUp.password')}
                description={t('signUp.passwordHint')}
                autoComplete="new-password"
                required
                key={form.key('password')}
                {...form.getInputProps('password')}
              />
            </Grid.Col>
            <PhoneField form={form} filledBy="self" />
            <CpfField form={form} filledBy="self" />
            <BirthDateField form={form} filledBy="self" />
            <GenderField form={form} />
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
