import { Group, Radio, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../app/problem-alert';
import { languages, type Language } from '../../i18n';
import { useChooseLanguage } from '../../session/use-choose-language';
import { ProfileSection, SavedNotice } from './section';

/** The account's language: the app switches at once, as with the header's selector. */
export function LanguageSection() {
  const { t, i18n } = useTranslation();
  const chooseLanguage = useChooseLanguage();
  const save = useMutation({ mutationFn: chooseLanguage });
  return (
    <ProfileSection id="language" title={t('profile.language.title')}>
      <Stack>
        <Radio.Group
          label={t('profile.language.label')}
          value={i18n.language}
          onChange={(value) => save.mutate(value as Language)}
        >
          <Group mt="xs">
            {languages.map((language) => (
              <Radio
                key={language}
                value={language}
                label={t(`languages.${language}`)}
                lang={language}
              />
            ))}
          </Group>
        </Radio.Group>
        {save.error && <ProblemAlert error={save.error} />}
        {save.isSuccess && <SavedNotice>{t('profile.language.saved')}</SavedNotice>}
      </Stack>
    </ProfileSection>
  );
}
