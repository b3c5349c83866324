import { Alert, Avatar, Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ApiProblem } from '../../api/problems';
import { ProblemAlert } from '../../app/problem-alert';
import { patientQuery } from './patient-query';
import { ProfileSection, SavedNotice } from './section';

// The API's limits (src/lib/images.ts): told before a byte is sent, and again if it refuses.
const MAX_BYTES = 5 * 1024 * 1024;
const TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const SIZE = 128;

interface Chosen {
  file: File;
  /** A data: URL: the page's content policy admits those for images, not blob: ones. */
  preview: string;
}

/** The patient's photo: the current one, a chosen file previewed before it is sent, or why not. */
export function PhotoSection({ registerNumber }: { registerNumber: string }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const patient = useQuery(patientQuery(registerNumber));
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  // Choosing the same file again, after a refusal, must be seen as a choice.
  const resetInput = useRef<() => void>(null);

  const upload = useMutation({
    mutationFn: (file: File) =>
      call(
        api.PUT('/api/v1/patients/{registerNumber}/photo', {
          params: { path: { registerNumber } },
          // The generated type calls the file a string (OpenAPI's `format: binary`).
          body: { photo: file as unknown as string },
          bodySerializer: (body) => {
            const data = new FormData();
            data.append('photo', body.photo as unknown as File);
            return data;
          },
        }),
      ),
    onSuccess: async () => {
      setChosen(null);
      await queries.invalidateQueries({ queryKey: patientQuery(registerNumber).queryKey });
    },
    onError: (error) => {
      const reason = refusal(error);
      setRefused(reason);
      // A file the API refused is no use sent again; one that did not get there is kept.
      if (reason) setChosen(null);
    },
  });

  const refusal = (error: unknown): string | null => {
    if (!(error instanceof ApiProblem)) return null;
    const { status, errors } = error.problem;
    if (status === 413) return t('profile.photo.tooLarge');
    if (status === 415) return t('profile.photo.wrongType');
    const reason = errors?.find((field) => field.field === 'photo')?.message;
    return reason ? t('profile.photo.invalid', { reason }) : null;
  };

  const choose = (file: File | null) => {
    upload.reset();
    setRefused(null);
    setChosen(null);
    resetInput.current?.();
    if (!file) return;
    if (!TYPES.includes(file.type)) return setRefused(t('profile.photo.wrongType'));
    if (file.size > MAX_BYTES) return setRefused(t('profile.photo.tooLarge'));
    const reader = new FileReader();
    reader.onload = () => setChosen({ file, preview: reader.result as string });
    reader.readAsDataURL(file);
  };

  // The URL stays the same across uploads: the version makes the browser fetch the new one.
  const photoUrl = patient.data?.photoUrl;
  const current = photoUrl ? `${photoUrl}?v=${patient.dataUpdatedAt}` : null;
  return (
    <ProfileSection id="photo" title={t('profile.photo.title')}>
      <Group align="flex-start" gap="lg" wrap="wrap">
        <Avatar
          src={chosen?.preview ?? current}
          alt={
            chosen
              ? t('profile.photo.preview')
              : current
                ? t('profile.photo.current')
                : t('profile.photo.none')
          }
          size={SIZE}
          radius="md"
          color="blue"
          style={chosen ? { outline: '3px dashed var(--mantine-color-blue-8)' } : undefined}
        />
        <Stack gap="sm" style={{ flex: '1 1 16rem' }}>
          <Text size="sm" c="dimmed">
            {chosen ? t('profile.photo.preview') : t('profile.photo.hint')}
          </Text>
          {refused ? (
            <Alert color="red" role="alert" title={refused} />
          ) : (
            upload.error && <ProblemAlert error={upload.error} />
          )}
          {upload.isSuccess && !chosen && <SavedNotice>{t('profile.photo.saved')}</SavedNotice>}
          <Group gap="sm">
            {chosen ? (
              <>
                <Button loading={upload.isPending} onClick={() => upload.mutate(chosen.file)}>
                  {t('profile.photo.save')}
                </Button>
                <Button variant="default" onClick={() => choose(null)}>
                  {t('profile.photo.cancel')}
                </Button>
              </>
            ) : (
              <FileButton onChange={choose} accept={TYPES.join(',')} resetRef={resetInput}>
                {(props) => (
                  <Button variant="default" {...props}>
                    {t('profile.photo.choose')}
                  </Button>
                )}
              </FileButton>
            )}
          </Group>
        </Stack>
      </Group>
    </ProfileSection>
  );
}
