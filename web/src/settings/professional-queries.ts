import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../api/client';

/** The statuses of an appointment that still lies ahead: those that keep a professional active. */
const AHEAD = new Set(['scheduled', 'checked_in', 'in_progress']);

/** The settings' table: a search by name or council number, optionally within one specialty. */
export const settingsProfessionalsQuery = (q: string, specialty: string | null) =>
  queryOptions({
    // Under ['professionals'], so a registration or an edit anywhere refreshes it.
    queryKey: ['professionals', { q, specialty, settings: true }],
    queryFn: () =>
      call(
        api.GET('/api/v1/professionals', {
          params: {
            query: {
              ...(q ? { q } : {}),
              ...(specialty ? { specialty } : {}),
              page: 1,
              pageSize: 100,
            },
          },
        }),
      ),
  });

/**
 * The appointments that refuse a deactivation: the professional's from today on that have not
 * ended (the API's own rule, src/services.ts), earliest first.
 */
export const blockingAppointmentsQuery = (councilNumber: string, today: string) =>
  queryOptions({
    queryKey: ['appointments', { professional: councilNumber, from: today }],
    queryFn: async () => {
      const page = await call(
        api.GET('/api/v1/appointments', {
          params: { query: { professional: councilNumber, from: today, page: 1, pageSize: 100 } },
        }),
      );
      const items = page.items
        .filter((appointment) => AHEAD.has(appointment.status))
        .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
      return { items };
    },
  });
