import { Button, Grid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { Ok } from '../../api/types';
import { AddressFields, addressBody, addressRules, addressValues } from '../../app/address-fields';
import { showFieldErrors } from '../../app/field-errors';
import { displayPhone } from '../../app/phone';
import {
  BirthDateField,
  GenderField,
  NameField,
  PhoneField,
  personRules,
} from '../../app/person-fields';
import { ProblemAlert } from '../../app/problem-alert';
import { clinicQuery, meQuery } from '../../session/queries';
import { ContactState } from './contact-state';
import { patientQuery } from './patient-query';
import { ProfileSection, SavedNotice } from './section';

type Patient = Ok<'/api/v1/patients/{registerNumber}', 'get'>;

function valuesOf(patient: Patient) {
  return {
    name: patient.name,
    phone: patient.phone ? displayPhone(patient.phone) : '',
    birthDate: patient.birthDate,
    gender: patient.gender,
    address: addressValues(patient.address),
  };
}
type Values = ReturnType<typeof valuesOf>;

/** Name, phone, birth date, gender and address: the patient's record, which the clinic reads. */
export function PersonalSection({ patient }: { patient: Patient }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const rules = personRules(t, useQuery(clinicQuery).data?.country);
  const form = useForm({
    mode: 'controlled',
    initialValues: valuesOf(patient),
    validate: {
      name: rules.name,
      phone: rules.phone,
      birthDate: rules.birthDate,
      address: addressRules(t),
    },
  });

  const save = useMutation({
    mutationFn: (values: Values) =>
      call(
        api.PATCH('/api/v1/patients/{registerNumber}', {
          params: { path: { registerNumber: patient.registerNumber } },
          body: {
            name: values.name.trim(),
            phone: values.phone.trim(),
            birthDate: values.birthDate,
            gender: values.gender,
            address: addressBody(values.address),
          },
        }),
      ),
    onSuccess: async (updated) => {
      queries.setQueryData(patientQuery(updated.registerNumber).queryKey, updated);
      // What the API made of it (the phone as stored, the street from the CEP) is what shows.
      form.setInitialValues(valuesOf(updated));
      form.setValues(valuesOf(updated));
      form.resetDirty(valuesOf(updated));
      // The header's name, and whether the phone is still confirmed.
      await queries.invalidateQueries({ queryKey: meQuery.queryKey });
    },
    onError: (error) => showFieldErrors(form, error),
  });

  return (
    <ProfileSection id="personal" title={t('profile.personal.title')}>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          {save.error && <ProblemAlert error={save.error} />}
          <Grid>
            <NameField form={form} filledBy="self" label={t('profile.personal.name')} />
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Stack gap={6}>
                <TextInput
                  label={t('profile.personal.email')}
                  type="email"
                  value={patient.email}
                  variant="filled"
                  readOnly
                />
                <ContactState contact="email" verified={patient.emailVerified} />
              </Stack>
            </Grid.Col>
            <PhoneField
              form={form}
              filledBy="self"
              label={t('profile.personal.phone')}
              description={t('profile.personal.phoneHint')}
            >
              {/* The state of the number saved, not of one being typed. */}
              {!form.isDirty('phone') && (
                <ContactState contact="phone" verified={patient.phoneVerified} />
              )}
            </PhoneField>
            <BirthDateField form={form} filledBy="self" label={t('profile.personal.birthDate')} />
            <GenderField form={form} label={t('profile.personal.gender')} />
            <AddressFields form={form} />
          </Grid>
          {save.isSuccess && !form.isDirty() && (
            <SavedNotice>{t('profile.personal.saved')}</SavedNotice>
          )}
          <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('profile.personal.save')}
          </Button>
        </Stack>
      </form>
    </ProfileSection>
  );
}
