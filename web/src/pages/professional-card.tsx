import { Avatar, Button, Card, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ItemOf, Ok } from '../api/types';
import { professionalFacts } from '../app/professional-facts';
import { useClinicTime } from '../time/use-clinic-time';

export type DirectoryProfessional = ItemOf<'/api/v1/professionals'>;
export type FreeSlot = Ok<'/api/v1/slots', 'get'>[number];

/** Where a visitor's Book button leads: the booking page, or signing in first. */
export type Booking = 'book' | 'signIn' | undefined;

/**
 * One professional of the public directory: photo (or a neutral placeholder), name, what they
 * do and where, and their next free times (undefined while they load, null when they failed).
 */
export function ProfessionalCard({
  professional,
  slots,
  booking,
}: {
  professional: DirectoryProfessional;
  slots: FreeSlot[] | undefined | null;
  booking: Booking;
}) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const nameId = useId();
  const { name, specialty, bio, photoUrl } = professional;
  const about = [specialty, ...professionalFacts(t, professional)];
  return (
    <Card withBorder radius="md" padding="md" component="article" aria-labelledby={nameId}>
      <Group align="flex-start" wrap="nowrap" gap="md">
        {/* The name is next to it: the photo adds nothing a screen reader should say. */}
        <Avatar src={photoUrl} alt="" size={64} radius="xl" imageProps={{ loading: 'lazy' }} />
        <Stack gap={4} miw={0} style={{ flex: 1 }}>
          <Title order={3} size="h4" id={nameId}>
            {name}
          </Title>
          <Text size="sm">{about.join(' · ')}</Text>
          {bio && (
            <Text size="sm" c="dimmed" lineClamp={4}>
              {bio}
            </Text>
          )}
        </Stack>
      </Group>
      <Stack gap={6} mt="md">
        <Text size="sm" fw={600}>
          {t('directory.nextSlots')}
        </Text>
        <FreeTimes slots={slots} format={time.dateTime} />
        {booking && (
          <Group justify="flex-end">
            <Button
              component={Link}
              to={
                booking === 'book'
                  ? `/book?professional=${encodeURIComponent(professional.councilNumber)}`
                  : '/sign-in'
              }
              size="sm"
              aria-label={t(
                booking === 'book' ? 'directory.bookWith' : 'directory.signInToBookWith',
                {
                  name,
                },
              )}
            >
              {t(booking === 'book' ? 'directory.book' : 'directory.signInToBook')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function FreeTimes({
  slots,
  format,
}: {
  slots: FreeSlot[] | undefined | null;
  format: (iso: string) => string;
}) {
  const { t } = useTranslation();
  if (slots === undefined) return <Loader size="sm" aria-label={t('app.loading')} />;
  if (slots === null) {
    return (
      <Text size="sm" c="dimmed">
        {t('directory.slotsFailed')}
      </Text>
    );
  }
  if (!slots.length) {
    return (
      <Text size="sm" c="dimmed">
        {t('directory.noSlots')}
      </Text>
    );
  }
  return (
    <List size="sm" spacing={2}>
      {slots.map((slot) => (
        <List.Item key={slot.startsAt}>{format(slot.startsAt)}</List.Item>
      ))}
    </List>
  );
}
