import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../../api/client';

/** The API looks a search up from its third character (its name index needs a trigram). */
export const SEARCH_MIN_LENGTH = 3;

/**
 * Patients matching a name, CPF, register number or e-mail: the active ones, or (`active:
 * false`) the deactivated ones, whom the list of active patients never shows.
 */
export const patientSearchQuery = (q: string, active: boolean) =>
  queryOptions({
    queryKey: ['patients', { q, active }],
    queryFn: () =>
      call(
        api.GET('/api/v1/patients', {
          params: { query: { q, active, page: 1, pageSize: 20 } },
        }),
      ),
    enabled: q.trim().length >= SEARCH_MIN_LENGTH,
    staleTime: 10_000,
  });

/** Every professional of the clinic (an admin also sees the deactivated ones). */
export const allProfessionalsQuery = queryOptions({
  queryKey: ['professionals', { specialty: null }],
  queryFn: () =>
    call(api.GET('/api/v1/professionals', { params: { query: { page: 1, pageSize: 100 } } })),
  staleTime: 5 * 60_000,
});

/** A patient's appointments ahead or behind (the portal's list uses the same key). */
export const patientAppointmentsQuery = (registerNumber: string, when: 'upcoming' | 'past') =>
  queryOptions({
    queryKey: ['appointments', registerNumber, when],
    queryFn: () =>
      call(
        api.GET('/api/v1/patients/{registerNumber}/appointments', {
          params: { path: { registerNumber }, query: { when, page: 1, pageSize: 50 } },
        }),
      ),
  });

export const labReportsQuery = (registerNumber: string) =>
  queryOptions({
    queryKey: ['lab-reports', registerNumber],
    queryFn: () =>
      call(
        api.GET('/api/v1/patients/{registerNumber}/lab-reports', {
          params: { path: { registerNumber }, query: { page: 1, pageSize: 50 } },
        }),
      ),
  });
