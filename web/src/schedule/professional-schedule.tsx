import { Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { meQuery } from '../session/queries';
import { CalendarFeed } from './calendar-feed';
import { TimeOffSection } from './time-off-section';
import { WorkingHoursEditor } from './working-hours-editor';

/**
 * A professional's schedule: weekly working hours, time off, and (for the professional
 * themselves) the calendar feed to subscribe from a phone. Admins get it on the settings pages
 * for any professional; the feed is the professional's own secret, so it is not offered there.
 */
export function ProfessionalSchedule({ councilNumber }: { councilNumber: string }) {
  const me = useQuery(meQuery);
  const isSelf = me.data?.role === 'professional' && me.data.councilNumber === councilNumber;
  return (
    <Stack gap="lg">
      <WorkingHoursEditor councilNumber={councilNumber} />
      <TimeOffSection councilNumber={councilNumber} />
      {isSelf && <CalendarFeed councilNumber={councilNumber} />}
    </Stack>
  );
}
