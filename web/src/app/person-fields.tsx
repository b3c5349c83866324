import { Grid, NativeSelect, Stack, TextInput, type GridColProps } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizeCpf } from '../../../src/lib/cpf.js';
import { phoneRule } from './phone-rule';

const HALF: GridColProps['span'] = { base: 12, sm: 6 };
const genders = ['female', 'male', 'other'] as const;

/**
 * Who types into the form: the person (the browser may offer their own name, phone…) or the
 * staff for someone else, where the browser must not offer the staff member's own data.
 */
export type FilledBy = 'self' | 'staff';
const autoFill = (filledBy: FilledBy, token?: string) => (filledBy === 'self' ? token : 'off');

export function requiredRule(t: TFunction) {
  return (value: string) => (value.trim() ? null : t('signUp.required'));
}

/**
 * The checks of the person's fields; a form takes those of the fields it has. The CPF and the
 * phone are checked as the API reads them, so a mistake shows when the field is left.
 */
export function personRules(
  t: TFunction,
  country: string | undefined,
  { phoneOptional = false }: { phoneOptional?: boolean } = {},
) {
  const required = requiredRule(t);
  const phone = phoneRule(t('signUp.required'), t('signUp.invalidPhone'), country);
  return {
    name: required,
    email: required,
    phone: phoneOptional ? (value: string) => (value.trim() ? phone(value) : null) : phone,
    birthDate: required,
    cpf: (value: string) => (!value.trim() || normalizeCpf(value) ? null : t('signUp.invalidCpf')),
  };
}

/** A form with the person's field `name`, as the API names it. */
type FormWith<Name extends string> = UseFormReturnType<Record<Name, string>>;

function inputOf<Name extends string>(form: FormWith<Name>, name: Name) {
  return { key: form.key(name), ...form.getInputProps(name) };
}

export function NameField({
  form,
  filledBy,
  label,
  span = 12,
}: {
  form: FormWith<'name'>;
  filledBy: FilledBy;
  label?: string;
  span?: GridColProps['span'];
}) {
  const { t } = useTranslation();
  return (
    <Grid.Col span={span}>
      <TextInput
        label={label ?? t('signUp.name')}
        autoComplete={autoFill(filledBy, 'name')}
        required
        {...inputOf(form, 'name')}
      />
    </Grid.Col>
  );
}

export function EmailField({
  form,
  filledBy,
  span = HALF,
}: {
  form: FormWith<'email'>;
  filledBy: FilledBy;
  span?: GridColProps['span'];
}) {
  const { t } = useTranslation();
  return (
    <Grid.Col span={span}>
      <TextInput
        label={t('signUp.email')}
        type="email"
        autoComplete={autoFill(filledBy, 'email')}
        required
        {...inputOf(form, 'email')}
      />
    </Grid.Col>
  );
}

/**
 * The phone, checked when left; `children` are shown under it (the number's state). Given, even
 * as `false`, they keep their place: the input must not be remounted while it is typed in.
 */
export function PhoneField({
  form,
  filledBy,
  required = true,
  label,
  description,
  children,
}: {
  form: FormWith<'phone'>;
  filledBy: FilledBy;
  required?: boolean;
  label?: string;
  description?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const input = (
    <TextInput
      label={label ?? t('signUp.phone')}
      description={description ?? t('signUp.phoneHint')}
      type="tel"
      autoComplete={autoFill(filledBy, 'tel-national')}
      required={required}
      {...inputOf(form, 'phone')}
      onBlur={() => form.validateField('phone')}
    />
  );
  return (
    <Grid.Col span={HALF}>
      {children === undefined ? (
        input
      ) : (
        <Stack gap={6}>
          {input}
          {children}
        </Stack>
      )}
    </Grid.Col>
  );
}

/** The CPF, optional, checked when left. */
export function CpfField({ form, filledBy }: { form: FormWith<'cpf'>; filledBy: FilledBy }) {
  const { t } = useTranslation();
  return (
    <Grid.Col span={HALF}>
      <TextInput
        label={t('signUp.cpf')}
        inputMode="numeric"
        autoComplete={autoFill(filledBy)}
        {...inputOf(form, 'cpf')}
        onBlur={() => form.validateField('cpf')}
      />
    </Grid.Col>
  );
}

export function BirthDateField({
  form,
  filledBy,
  required = true,
  label,
}: {
  form: FormWith<'birthDate'>;
  filledBy: FilledBy;
  required?: boolean;
  label?: string;
}) {
  const { t } = useTranslation();
  return (
    <Grid.Col span={HALF}>
      <TextInput
        label={label ?? t('signUp.birthDate')}
        type="date"
        autoComplete={autoFill(filledBy, 'bday')}
        required={required}
        {...inputOf(form, 'birthDate')}
      />
    </Grid.Col>
  );
}

/** The gender; `optional` offers "—" for none recorded. */
export function GenderField({
  form,
  label,
  optional = false,
}: {
  form: FormWith<'gender'>;
  label?: string;
  optional?: boolean;
}) {
  const { t } = useTranslation();
  const options = genders.map((value) => ({ value, label: t(`signUp.genders.${value}`) }));
  return (
    <Grid.Col span={HALF}>
      <NativeSelect
        label={label ?? t('signUp.gender')}
        data={optional ? [{ value: '', label: '—' }, ...options] : options}
        {...inputOf(form, 'gender')}
      />
    </Grid.Col>
  );
}
