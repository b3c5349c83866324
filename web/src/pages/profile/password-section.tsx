import { Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { showFieldErrors } from '../../app/field-errors';
import { ProblemAlert } from '../../app/problem-alert';
import { meQuery } from '../../session/queries';
import { ProfileSection, SavedNotice } from './section';

const initialValues = { currentPassword: '', password: '' };

/** A new password, guarded by the current one; the API signs the other devices out. */
export function PasswordSection() {
  const { t } = useTranslation();
  const queries = useQueryClient();
  // The API's own field names: its errors land next to the fields as they are.
  const form = useForm({
    mode: 'controlled',
    initialValues,
    validate: {
      currentPassword: (value) => (value ? null : t('signUp.required')),
      password: (value) => (value.length >= 8 ? null : t('signUp.shortPassword')),
    },
  });
  const save = useMutation({
    mutationFn: (values: typeof initialValues) =>
      call(api.PATCH('/api/v1/auth/me', { body: values })),
    onSuccess: async () => {
      form.reset();
      await queries.invalidateQueries({ queryKey: meQuery.queryKey });
    },
    onError: (error) => showFieldErrors(form, error),
  });

  // Mantine's PasswordInput leaves its input unlinked from its hint and error: linked here, so
  // a screen reader reads why the password was refused.
  const field = (name: keyof typeof initialValues, hint: boolean) => {
    const props = form.getInputProps(name);
    const id = `profile-${name}`;
    const describedBy = [hint && `${id}-description`, props.error && `${id}-error`].filter(Boolean);
    return {
      id,
      key: form.key(name),
      ...props,
      'aria-invalid': props.error ? true : undefined,
      'aria-describedby': describedBy.length ? describedBy.join(' ') : undefined,
      visibilityToggleButtonProps: { 'aria-label': t('profile.password.toggle') },
    };
  };
  return (
    <ProfileSection id="password" title={t('profile.password.title')}>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          {save.error && <ProblemAlert error={save.error} />}
          <PasswordInput
            label={t('profile.password.current')}
            autoComplete="current-password"
            required
            {...field('currentPassword', false)}
          />
          <PasswordInput
            label={t('profile.password.new')}
            description={t('profile.password.hint')}
            autoComplete="new-password"
            required
            {...field('password', true)}
          />
          {save.isSuccess && !form.isDirty() && (
            <SavedNotice>{t('profile.password.saved')}</SavedNotice>
          )}
          <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('profile.password.save')}
          </Button>
        </Stack>
      </form>
    </ProfileSection>
  );
}
