import { Button, Grid, NativeSelect, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { Ok } from '../../api/types';
import {
  AddressFields,
  addressBody,
  addressRules,
  addressValues,
  emptyAddress,
} from '../../app/address-fields';
import { showFieldErrors } from '../../app/field-errors';
import { displayPhone } from '../../app/phone';
import {
  BirthDateField,
  CpfField,
  EmailField,
  GenderField,
  NameField,
  PhoneField,
  personRules,
} from '../../app/person-fields';
import { ProblemAlert } from '../../app/problem-alert';
import { languages, type Language } from '../../i18n';
import { patientQuery } from '../../pages/profile/patient-query';
import { SavedNotice } from '../../pages/profile/section';
import { clinicQuery } from '../../session/queries';

export type Patient = Ok<'/api/v1/patients/{registerNumber}', 'get'>;

function valuesOf(patient: Patient | undefined, clinicLanguage: Language) {
  return {
    name: patient?.name ?? '',
    email: patient?.email ?? '',
    phone: patient?.phone ? displayPhone(patient.phone) : '',
    cpf: patient?.cpf ?? '',
    birthDate: patient?.birthDate ?? '',
    gender: patient?.gender ?? 'female',
    language: patient?.language ?? clinicLanguage,
    address: patient ? addressValues(patient.address) : emptyAddress,
  };
}
type Values = ReturnType<typeof valuesOf>;

/**
 * A patient's record as the front desk fills it: a new patient (who sets a password later with
 * "forgot password"), or an existing one's contact data. The same checks as the sign-up: the CPF
 * and the phone when the field is left, the address from the CEP.
 */
export function PatientForm({
  patient,
  submitLabel,
  onSaved,
}: {
  patient?: Patient;
  submitLabel: string;
  onSaved: (saved: Patient) => void;
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const clinic = useQuery(clinicQuery).data;
  const form = useForm({
    mode: 'controlled',
    initialValues: valuesOf(patient, clinic?.defaultLanguage ?? 'pt-BR'),
    validate: { ...personRules(t, clinic?.country), address: addressRules(t) },
  });

  const save = useMutation({
    mutationFn: async (values: Values): Promise<Patient> => {
      const body = {
        name: values.name.trim(),
        email: values.email.trim(),
        phone: values.phone.trim(),
        birthDate: values.birthDate,
        gender: values.gender,
        language: values.language,
        address: addressBody(values.address),
      };
      const cpf = values.cpf.trim();
      if (!patient) {
        return call(api.POST('/api/v1/patients', { body: { ...body, ...(cpf ? { cpf } : {}) } }));
      }
      return call(
        api.PATCH('/api/v1/patients/{registerNumber}', {
          params: { path: { registerNumber: patient.registerNumber } },
          // A CPF erased is removed from the record; one never given stays absent.
          body: { ...body, ...(cpf ? { cpf } : patient.cpf ? { cpf: null } : {}) },
        }),
      );
    },
    onSuccess: async (saved) => {
      queries.setQueryData(patientQuery(saved.registerNumber).queryKey, saved);
      // What the API made of it (the phone as stored, the street from the CEP) is what shows.
      const shown = valuesOf(saved, saved.language);
      form.setInitialValues(shown);
      form.setValues(shown);
      form.resetDirty(shown);
      await queries.invalidateQueries({ queryKey: ['patients'] });
      onSaved(saved);
    },
    onError: (error) => showFieldErrors(form, error),
  });

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        {save.error && <ProblemAlert error={save.error} />}
        <Grid>
          <NameField form={form} filledBy="staff" />
          <EmailField form={form} filledBy="staff" />
          <PhoneField form={form} filledBy="staff" />
          <CpfField form={form} filledBy="staff" />
          <BirthDateField form={form} filledBy="staff" />
          <GenderField form={form} />
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <NativeSelect
              label={t('deskPatients.form.language')}
              description={t('deskPatients.form.languageHint')}
              data={languages.map((value) => ({ value, label: t(`languages.${value}`) }))}
              key={form.key('language')}
              {...form.getInputProps('language')}
            />
          </Grid.Col>
          <AddressFields form={form} />
        </Grid>
        {save.isSuccess && !form.isDirty() && patient && (
          <SavedNotice>{t('deskPatients.form.saved')}</SavedNotice>
        )}
        <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
