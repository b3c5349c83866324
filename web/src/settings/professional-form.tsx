import {
  Autocomplete,
  Button,
  Grid,
  Group,
  NativeSelect,
  PasswordInput,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { specialtiesQuery } from '../api/directory-queries';
import { AddressFields, addressRules } from '../app/address-fields';
import { showFieldErrors } from '../app/field-errors';
import {
  BirthDateField,
  EmailField,
  GenderField,
  NameField,
  PhoneField,
  personRules,
  requiredRule,
} from '../app/person-fields';
import { ProblemAlert } from '../app/problem-alert';
import { languages } from '../i18n';
import { clinicQuery } from '../session/queries';
import {
  formFieldOf,
  professionalValues,
  type ProfessionalValues,
  type ProfessionalView,
} from './professional-form-values';

const DIGITS = /^[0-9]{4}$/;
const WHOLE = /^[0-9]{1,3}$/;

/**
 * A professional's profile, to register (`professional` absent: password and the council
 * number's digits too) or to edit. The parent sends it and passes the API's refusal back.
 */
export function ProfessionalForm({
  professional,
  saving,
  error,
  submitLabel,
  savedNote,
  onSubmit,
}: {
  professional?: ProfessionalView;
  saving: boolean;
  error: unknown;
  submitLabel: string;
  /** Said beside the button after a save, where the user's eyes are. */
  savedNote?: string | null;
  /** Sends the values; a refusal's field errors are put next to their fields. */
  onSubmit: (values: ProfessionalValues) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const isNew = !professional;
  const country = useQuery(clinicQuery).data?.country;
  const specialties = useQuery(specialtiesQuery);
  const rules = personRules(t, country, { phoneOptional: !isNew });
  const form = useForm({
    mode: 'controlled',
    initialValues: professionalValues(professional),
    validate: {
      name: rules.name,
      email: rules.email,
      specialty: requiredRule(t),
      password: (value) => (!isNew || value.length >= 8 ? null : t('signUp.shortPassword')),
      phone: rules.phone,
      councilDigits: (value) =>
        !isNew || DIGITS.test(value.trim())
          ? null
          : t('clinicSettings.professional.councilDigitsInvalid'),
      experienceYears: (value) =>
        !value.trim() || WHOLE.test(value.trim())
          ? null
          : t('clinicSettings.professional.wholeNumber'),
      appointmentMinutes: (value) => {
        const minutes = Number(value.trim());
        return WHOLE.test(value.trim()) && minutes >= 5 && minutes <= 480
          ? null
          : t('clinicSettings.professional.minutesRange');
      },
      address: addressRules(t),
    },
  });

  const field = (name: Exclude<keyof ProfessionalValues, 'address'>) => ({
    key: form.key(name),
    ...form.getInputProps(name),
  });
  const { councilDigits, address } = form.getValues();
  const preview =
    isNew && DIGITS.test(councilDigits.trim()) && address.state
      ? `${councilDigits.trim()}-${address.state}`
      : null;

  return (
    <form
      onSubmit={form.onSubmit((values) =>
        onSubmit(values).catch((refusal: unknown) => showFieldErrors(form, refusal, formFieldOf)),
      )}
      noValidate
    >
      <Stack>
        {error ? <ProblemAlert error={error} /> : null}
        <Title order={2} size="h4">
          {t('clinicSettings.professional.identity')}
        </Title>
        <Grid>
          <NameField form={form} filledBy="staff" span={{ base: 12, sm: 6 }} />
          <EmailField form={form} filledBy="staff" />
          {isNew && (
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <PasswordInput
                label={t('signUp.password')}
                description={t('clinicSettings.professional.passwordHint')}
                autoComplete="new-password"
                required
                {...field('password')}
              />
            </Grid.Col>
          )}
          <PhoneField form={form} filledBy="staff" required={isNew} />
          <BirthDateField form={form} filledBy="staff" required={false} />
          <GenderField form={form} optional />
          {isNew && (
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <NativeSelect
                label={t('clinicSettings.professional.language')}
                data={languages.map((value) => ({ value, label: t(`languages.${value}`) }))}
                {...field('language')}
              />
            </Grid.Col>
          )}
        </Grid>

        <Title order={2} size="h4">
          {t('clinicSettings.professional.practice')}
        </Title>
        <Grid>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Autocomplete
              label={t('clinicSettings.professionals.specialty')}
              data={(specialties.data ?? []).map(({ name }) => name)}
              required
              {...field('specialty')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            {isNew ? (
              <TextInput
                label={t('clinicSettings.professional.councilDigits')}
                description={
                  preview
                    ? t('clinicSettings.professional.councilPreview', { number: preview })
                    : t('clinicSettings.professional.councilDigitsHint')
                }
                inputMode="numeric"
                maxLength={4}
                required
                {...field('councilDigits')}
              />
            ) : (
              <Text mt="lg">
                {t('clinicSettings.professional.councilNumberShown', {
                  number: professional.councilNumber,
                })}
              </Text>
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput
              label={t('clinicSettings.professional.officeNumber')}
              maxLength={20}
              {...field('officeNumber')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput
              label={t('clinicSettings.professional.appointmentMinutes')}
              inputMode="numeric"
              required
              {...field('appointmentMinutes')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput
              label={t('clinicSettings.professional.experienceYears')}
              inputMode="numeric"
              {...field('experienceYears')}
            />
          </Grid.Col>
          <Grid.Col span={12}>
            <Textarea
              label={t('clinicSettings.professional.bio')}
              autosize
              minRows={2}
              maxLength={2000}
              {...field('bio')}
            />
          </Grid.Col>
        </Grid>

        <Title order={2} size="h4">
          {t('clinicSettings.professional.address')}
        </Title>
        <Grid>
          <AddressFields form={form} />
        </Grid>
        <Group gap="sm">
          <Button type="submit" loading={saving}>
            {submitLabel}
          </Button>
          {savedNote && (
            <Text fw={500} role="status">
              {savedNote}
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}
