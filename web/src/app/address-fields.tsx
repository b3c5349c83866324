import { Grid, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { TFunction } from 'i18next';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { ApiProblem } from '../api/problems';
import type { Ok } from '../api/types';

const CEP = /^\d{5}-?\d{3}$/;

export const emptyAddress = {
  postCode: '',
  street: '',
  houseNumber: '',
  complement: '',
  district: '',
  city: '',
  state: '',
};
export type AddressValues = typeof emptyAddress;

/** A form with the address under `address`, as the API names it (`address.postCode`). */
type AddressForm = UseFormReturnType<{ address: AddressValues }>;

type StoredAddress = Ok<'/api/v1/patients/{registerNumber}', 'get'>['address'];

export function addressValues(address: StoredAddress): AddressValues {
  return {
    postCode: address.postCode,
    street: address.street ?? '',
    houseNumber: address.houseNumber,
    complement: address.complement ?? '',
    district: address.district ?? '',
    city: address.city ?? '',
    state: address.state,
  };
}

/** The API's address from the form: blanks left out (the API fills them from the CEP). */
export function addressBody(values: AddressValues) {
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  return {
    postCode: values.postCode.trim(),
    houseNumber: values.houseNumber.trim(),
    street: optional(values.street),
    complement: optional(values.complement),
    district: optional(values.district),
    city: optional(values.city),
  };
}

export function addressRules(t: TFunction) {
  return {
    postCode: (value: string) => (CEP.test(value.trim()) ? null : t('signUp.invalidCep')),
    houseNumber: (value: string) => (value.trim() ? null : t('signUp.required')),
  };
}

/**
 * The address fields, filled in from the CEP as soon as it has its 8 digits: the state always
 * (an offline table), street, district and city when the CEP service knows them.
 */
export function AddressFields({ form }: { form: AddressForm }) {
  const { t } = useTranslation();
  // Leaving the CEP unchanged must not overwrite a street the user corrected by hand.
  const lookedUp = useRef(form.getValues().address.postCode.trim());

  const lookUpCep = async (value: string) => {
    const cep = value.trim();
    if (!CEP.test(cep) || cep === lookedUp.current) return;
    lookedUp.current = cep;
    try {
      const found = await call(
        api.GET('/api/v1/addresses/{postCode}', { params: { path: { postCode: cep } } }),
      );
      // Field by field: the other fields keep their messages (setValues would clear them).
      form.setFieldValue('address.state', found.state);
      // A CEP the service knows replaces the old street entirely; one it does not leaves it.
      if (!found.street && !found.district && !found.city) return;
      for (const name of ['street', 'district', 'city'] as const) {
        form.setFieldValue(`address.${name}`, found[name] ?? '');
      }
    } catch (error) {
      if (error instanceof ApiProblem) form.setFieldError('address.postCode', error.message);
    }
  };

  const field = (name: keyof AddressValues) => ({
    key: form.key(`address.${name}`),
    ...form.getInputProps(`address.${name}`),
  });
  return (
    <>
      <Grid.Col span={{ base: 12, sm: 4 }}>
        <TextInput
          label={t('signUp.postCode')}
          inputMode="numeric"
          autoComplete="postal-code"
          required
          {...field('postCode')}
          onBlur={(event) => {
            form.validateField('address.postCode');
            void lookUpCep(event.currentTarget.value);
          }}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 8 }}>
        <TextInput label={t('signUp.street')} {...field('street')} />
      </Grid.Col>
      <Grid.Col span={{ base: 4, sm: 4 }}>
        <TextInput label={t('signUp.houseNumber')} required {...field('houseNumber')} />
      </Grid.Col>
      <Grid.Col span={{ base: 8, sm: 8 }}>
        <TextInput label={t('signUp.complement')} {...field('complement')} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 5 }}>
        <TextInput label={t('signUp.district')} {...field('district')} />
      </Grid.Col>
      <Grid.Col span={{ base: 8, sm: 5 }}>
        <TextInput label={t('signUp.city')} {...field('city')} />
      </Grid.Col>
      <Grid.Col span={{ base: 4, sm: 2 }}>
        <TextInput label={t('signUp.state')} variant="filled" readOnly {...field('state')} />
      </Grid.Col>
    </>
  );
}
