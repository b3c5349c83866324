import {
  Badge,
  Button,
  Collapse,
  Group,
  Paper,
  Stack,
  Text,
  Title,
  type MantineBreakpoint,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AppointmentCard } from './appointment-card';
import { groupsOf, type GroupName } from './board-groups';
import type { BoardAppointment, BoardProfessional } from './board-types';

/** A professional's day: who they are and where, then their appointments by state. */
export function ProfessionalColumn({
  professional,
  now,
  visibleFrom,
}: {
  professional: BoardProfessional;
  now: number;
  /** Hidden below this width (the board's other professionals on a phone). */
  visibleFrom?: MantineBreakpoint;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const groups = groupsOf(professional);
  const [cancelledOpen, cancelled] = useDisclosure(false);
  const cancelledId = useId();
  const cards = (appointments: BoardAppointment[]) =>
    appointments.map((appointment) => (
      <AppointmentCard key={appointment.id} appointment={appointment} now={now} />
    ));
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      bg="gray.0"
      p="sm"
      radius="md"
      visibleFrom={visibleFrom}
    >
      <Stack gap="md">
        <div>
          <Title order={2} size="h4" id={headingId}>
            {professional.name}
          </Title>
          <Text size="sm" c="dimmed">
            {professional.specialty} ·{' '}
            {professional.officeNumber
              ? t('desk.room', { room: professional.officeNumber })
              : t('desk.noRoom')}
          </Text>
        </div>
        {!professional.appointments.length && <Text c="dimmed">{t('desk.columnEmpty')}</Text>}
        <StateGroup name="waiting" count={groups.waiting.length}>
          {groups.waiting.map(({ appointment, queue }) => (
            <AppointmentCard
              key={appointment.id}
              appointment={appointment}
              queue={queue}
              now={now}
            />
          ))}
        </StateGroup>
        <StateGroup name="inRoom" count={groups.inRoom.length}>
          {cards(groups.inRoom)}
        </StateGroup>
        <StateGroup name="expected" count={groups.expected.length}>
          {cards(groups.expected)}
        </StateGroup>
        <StateGroup name="finished" count={groups.finished.length}>
          {cards(groups.finished)}
        </StateGroup>
        <StateGroup name="noShow" count={groups.noShow.length}>
          {cards(groups.noShow)}
        </StateGroup>
        {groups.cancelled.length > 0 && (
          <Stack gap="xs">
            <Button
              variant="subtle"
              size="xs"
              onClick={cancelled.toggle}
              aria-expanded={cancelledOpen}
              aria-controls={cancelledId}
              style={{ alignSelf: 'flex-start' }}
            >
              {cancelledOpen
                ? t('desk.hideCancelled')
                : t('desk.showCancelled', { count: groups.cancelled.length })}
            </Button>
            <Collapse expanded={cancelledOpen} id={cancelledId}>
              <Stack gap="xs">{cards(groups.cancelled)}</Stack>
            </Collapse>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** One state's cards under its heading; nothing at all when none is in that state. */
function StateGroup({
  name,
  count,
  children,
}: {
  name: GroupName;
  count: number;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (!count) return null;
  return (
    <Stack gap="xs">
      <Group gap={6}>
        <Title order={3} size="h6">
          {t(`desk.groups.${name}`)}
        </Title>
        <Badge size="sm" variant="outline" color="gray.8" aria-hidden>
          {count}
        </Badge>
      </Group>
      {children}
    </Stack>
  );
}
