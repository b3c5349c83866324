import { Button, Group, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const COUNCIL_NUMBER = /^[0-9]{4}-[A-Za-z]{2}$/;

/**
 * Opens a professional by council number: the API lists only the active ones, so this is how
 * an admin reaches a deactivated professional to reactivate them.
 */
export function ProfessionalOpenByNumber({ onOpen }: { onOpen: (councilNumber: string) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const councilNumber = value.trim().toUpperCase();
        if (!COUNCIL_NUMBER.test(councilNumber)) {
          setError(t('clinicSettings.professional.notFound'));
          return;
        }
        onOpen(councilNumber);
      }}
    >
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label={t('clinicSettings.professionals.openByNumber')}
          value={value}
          error={error}
          onChange={(event) => {
            setValue(event.currentTarget.value);
            setError(null);
          }}
          w={{ base: '100%', sm: 260 }}
        />
        <Button type="submit" variant="default">
          {t('clinicSettings.professionals.open')}
        </Button>
      </Group>
    </form>
  );
}
