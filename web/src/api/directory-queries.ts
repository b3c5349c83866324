import { queryOptions } from '@tanstack/react-query';
import { api, call } from './client';

// The clinic's professionals and specialties, as the directory and the booking read them: one
// cache entry each, whichever page asked first.

export const specialtiesQuery = queryOptions({
  queryKey: ['specialties'],
  queryFn: () => call(api.GET('/api/v1/specialties')),
  staleTime: 5 * 60_000,
});

export const professionalsQuery = (specialty: string) =>
  queryOptions({
    queryKey: ['professionals', { specialty }],
    queryFn: () =>
      call(
        api.GET('/api/v1/professionals', {
          params: { query: { specialty, page: 1, pageSize: 100 } },
        }),
      ),
    staleTime: 5 * 60_000,
  });

export const professionalQuery = (councilNumber: string) =>
  queryOptions({
    queryKey: ['professional', councilNumber],
    queryFn: () =>
      call(
        api.GET('/api/v1/professionals/{councilNumber}', { params: { path: { councilNumber } } }),
      ),
    staleTime: 5 * 60_000,
  });
