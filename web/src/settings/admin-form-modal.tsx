import { Button, Group, Modal, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import type { ItemOf } from '../api/types';
import { showFieldErrors } from '../app/field-errors';
import { displayPhone } from '../app/phone';
import { phoneRule } from '../app/phone-rule';
import { ProblemAlert } from '../app/problem-alert';
import { clinicQuery } from '../session/queries';

export type AdminView = ItemOf<'/api/v1/admins'>;

/**
 * Registers an admin (`admin` absent: the password is required) or edits one (a blank password
 * keeps theirs). The API takes a password, not an invitation: it is handed over in person.
 */
export function AdminFormModal({
  admin,
  onClose,
  onSaved,
}: {
  admin?: AdminView;
  onClose: () => void;
  onSaved: (saved: AdminView) => void;
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const country = useQuery(clinicQuery).data?.country;
  const isNew = !admin;
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      name: admin?.name ?? '',
      email: admin?.email ?? '',
      phone: admin?.phone ? displayPhone(admin.phone) : '',
      password: '',
    },
    validate: {
      name: (value) => (value.trim() ? null : t('signUp.required')),
      email: (value) => (value.trim() ? null : t('signUp.required')),
      phone: (value) =>
        value.trim() ? phoneRule('', t('signUp.invalidPhone'), country)(value) : null,
      password: (value) =>
        (!isNew && !value) || value.length >= 8 ? null : t('signUp.shortPassword'),
    },
  });
  type Values = typeof form.values;

  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = {
        name: values.name.trim(),
        email: values.email.trim(),
        ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
      };
      return admin
        ? call(
            api.PATCH('/api/v1/admins/{id}', {
              params: { path: { id: admin.id } },
              body: { ...body, ...(values.password ? { password: values.password } : {}) },
            }),
          )
        : call(api.POST('/api/v1/admins', { body: { ...body, password: values.password } }));
    },
    onSuccess: async (saved) => {
      await queries.invalidateQueries({ queryKey: ['admins'] });
      onSaved(saved);
    },
    onError: (error) => showFieldErrors(form, error),
  });

  return (
    <Modal
      opened
      onClose={onClose}
      title={
        admin
          ? t('clinicSettings.admins.editTitle', { name: admin.name })
          : t('clinicSettings.admins.register')
      }
      closeButtonProps={{ 'aria-label': t('clinicSettings.close') }}
      centered
    >
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          {save.error && <ProblemAlert error={save.error} />}
          <TextInput
            label={t('clinicSettings.admins.name')}
            autoComplete="off"
            required
            data-autofocus
            key={form.key('name')}
            {...form.getInputProps('name')}
          />
          <TextInput
            label={t('clinicSettings.admins.email')}
            type="email"
            autoComplete="off"
            required
            key={form.key('email')}
            {...form.getInputProps('email')}
          />
          <TextInput
            label={t('clinicSettings.admins.phone')}
            type="tel"
            autoComplete="off"
            key={form.key('phone')}
            {...form.getInputProps('phone')}
          />
          <PasswordInput
            label={
              isNew ? t('clinicSettings.admins.password') : t('clinicSettings.admins.newPassword')
            }
            description={
              isNew
                ? t('clinicSettings.admins.passwordHint')
                : t('clinicSettings.admins.newPasswordHint')
            }
            autoComplete="new-password"
            required={isNew}
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('clinicSettings.close')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {isNew ? t('clinicSettings.admins.register') : t('clinicSettings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
