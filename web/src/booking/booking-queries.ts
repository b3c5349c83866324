import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../api/client';

/** A free time: with whom, when the source is a specialty ("first available"). */
export interface FreeSlot {
  startsAt: string;
  endsAt: string;
  professional?: { councilNumber: string; name: string };
}

/** Whose free times a calendar shows: one professional's, or a whole specialty's. */
export type SlotSource = { professional: string } | { specialty: string };

/** The free times of `source` from one day to another, both included (clinic days). */
export const slotsQuery = (source: SlotSource, from: string, to: string) =>
  queryOptions({
    queryKey: ['slots', source, from, to],
    queryFn: async (): Promise<FreeSlot[]> =>
      'professional' in source
        ? call(
            api.GET('/api/v1/professionals/{councilNumber}/slots', {
              params: { path: { councilNumber: source.professional }, query: { from, to } },
            }),
          )
        : call(
            api.GET('/api/v1/slots', {
              params: { query: { specialty: source.specialty, from, to } },
            }),
          ),
    // Others book too: a calendar left open refreshes now and then.
    staleTime: 30_000,
    refetchInterval: 60_000,
  });
