import { Anchor, Button, Card, Chip, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { professionalsQuery, specialtiesQuery } from '../api/directory-queries';
import { ProblemAlert } from '../app/problem-alert';
import { QueryList } from '../app/query-list';
import { clinicQuery, meQuery } from '../session/queries';
import { ProfessionalCard, type Booking, type FreeSlot } from './professional-card';

/** How many of a professional's next free times the directory shows. */
const SLOTS_SHOWN = 3;
/** Free times are taken by others all day: asked again after a minute. */
const SLOTS_STALE_MS = 60_000;
/** The chip for every specialty: no specialty's name (they have 2 letters at least). */
const ALL = '*';

/**
 * The clinic's professionals by specialty, with their next free times: public (no sign-in) when
 * the clinic says so, for its website to link to; signed-in users may always see it.
 */
export function ProfessionalsPage() {
  const { t } = useTranslation();
  const clinic = useQuery(clinicQuery);
  const me = useQuery(meQuery);
  if (clinic.error) {
    return <ProblemAlert error={clinic.error} onRetry={() => void clinic.refetch()} />;
  }
  // A failed "who is it" reads as signed out: the directory itself is public.
  if (!clinic.data || me.isPending) return <Loader aria-label={t('app.loading')} />;
  const user = me.data ?? null;
  if (!user && !clinic.data.publicDirectory) return <NotPublic />;
  const booking: Booking = !user ? 'signIn' : user.registerNumber ? 'book' : undefined;
  return <Directory booking={booking} />;
}

function Directory({ booking }: { booking: Booking }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const specialties = useQuery(specialtiesQuery);
  const chosen = params.get('specialty') ?? ALL;
  const choose = (specialty: string) =>
    setParams(specialty === ALL ? {} : { specialty }, { replace: true });
  // A link with a specialty no one practises any more shows them all.
  const known = specialties.data?.some((specialty) => specialty.name === chosen) ?? false;
  const shown = specialties.data?.filter((specialty) => !known || specialty.name === chosen);
  return (
    <Stack maw={960} mx="auto" gap="md">
      <div>
        <Title order={1} size="h2">
          {t('directory.title')}
        </Title>
        <Text c="dimmed" mt={4}>
          {t('directory.intro')}
        </Text>
      </div>
      {specialties.error ? (
        <ProblemAlert error={specialties.error} onRetry={() => void specialties.refetch()} />
      ) : !specialties.data ? (
        <Loader aria-label={t('app.loading')} />
      ) : !specialties.data.length ? (
        <Text c="dimmed">{t('directory.none')}</Text>
      ) : (
        <>
          <Chip.Group value={known ? chosen : ALL} onChange={choose}>
            <Group gap="xs" role="radiogroup" aria-label={t('directory.filter')}>
              <Chip value={ALL}>{t('directory.all')}</Chip>
              {specialties.data.map((specialty) => (
                <Chip key={specialty.name} value={specialty.name}>
                  {specialty.name}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          {shown?.map((specialty) => (
            <SpecialtySection key={specialty.name} specialty={specialty.name} booking={booking} />
          ))}
        </>
      )}
    </Stack>
  );
}

/** One specialty's professionals and their free times: two requests, however many they are. */
function SpecialtySection({ specialty, booking }: { specialty: string; booking: Booking }) {
  const { t } = useTranslation();
  const headingId = useId();
  const professionals = useQuery(professionalsQuery(specialty));
  const slots = useQuery({
    queryKey: ['directory', 'slots', specialty],
    queryFn: () => call(api.GET('/api/v1/slots', { params: { query: { specialty } } })),
    staleTime: SLOTS_STALE_MS,
  });
  const slotsOf = (councilNumber: string): FreeSlot[] | undefined | null => {
    if (slots.error) return null;
    return slots.data
      ?.filter((slot) => slot.professional.councilNumber === councilNumber)
      .slice(0, SLOTS_SHOWN);
  };
  return (
    <Stack component="section" aria-labelledby={headingId} gap="sm">
      <Title order={2} size="h3" id={headingId}>
        {specialty}
      </Title>
      <QueryList query={professionals} empty={t('directory.noneOfSpecialty')}>
        {(professional) => (
          <ProfessionalCard
            key={professional.councilNumber}
            professional={professional}
            slots={slotsOf(professional.councilNumber)}
            booking={booking}
          />
        )}
      </QueryList>
      {slots.error && (
        <Group>
          <Button size="xs" variant="default" onClick={() => void slots.refetch()}>
            {t('app.retry')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function NotPublic() {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="lg" maw={560} mx="auto" mt="xl">
      <Title order={1} size="h3">
        {t('directory.notPublicTitle')}
      </Title>
      <Text mt="sm">{t('directory.notPublic')}</Text>
      <Anchor component={Link} to="/sign-in" mt="md" display="inline-block">
        {t('directory.signIn')}
      </Anchor>
    </Card>
  );
}
