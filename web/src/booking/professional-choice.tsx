import { Avatar, Group, Loader, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../app/problem-alert';
import { professionalFacts } from '../app/professional-facts';
import { professionalsQuery } from '../api/directory-queries';

/** Picks "first available" in the specialty, or one of its professionals (a council number). */
export const FIRST_AVAILABLE = 'first-available';

export function ProfessionalChoice({
  specialty,
  value,
  onChange,
}: {
  specialty: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const professionals = useQuery(professionalsQuery(specialty));
  if (professionals.error) {
    return (
      <ProblemAlert error={professionals.error} onRetry={() => void professionals.refetch()} />
    );
  }
  if (!professionals.data) return <Loader aria-label={t('app.loading')} />;
  return (
    <Radio.Group value={value} onChange={onChange} label={t('booking.professional')} size="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
        <Choice value={FIRST_AVAILABLE} title={t('booking.firstAvailable')}>
          <Text size="sm" c="dimmed">
            {t('booking.firstAvailableHint')}
          </Text>
        </Choice>
        {professionals.data.items.map((professional) => (
          <Choice
            key={professional.councilNumber}
            value={professional.councilNumber}
            title={professional.name}
            photoUrl={professional.photoUrl}
          >
            <Text size="sm" c="dimmed">
              {professionalFacts(t, professional).join(' · ')}
            </Text>
          </Choice>
        ))}
      </SimpleGrid>
    </Radio.Group>
  );
}

function Choice({
  value,
  title,
  photoUrl,
  children,
}: {
  value: string;
  title: string;
  photoUrl?: string | null;
  children: React.ReactNode;
}) {
  return (
    <Radio.Card value={value} radius="md" p="sm">
      <Group wrap="nowrap" align="center">
        <Radio.Indicator />
        {photoUrl !== undefined && (
          <Avatar src={photoUrl} name={title} alt="" color="blue" variant="filled" radius="xl" />
        )}
        <Stack gap={0}>
          <Text fw={600}>{title}</Text>
          {children}
        </Stack>
      </Group>
    </Radio.Card>
  );
}
