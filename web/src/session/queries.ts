import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { ApiProblem } from '../api/problems';

/** The clinic's name, zone and default language: public, and the same for everyone. */
export const clinicQuery = queryOptions({
  queryKey: ['clinic'],
  queryFn: () => call(api.GET('/api/v1/clinic')),
  staleTime: 5 * 60_000,
});

/** Who is signed in, or null: the session cookie is HttpOnly, so the server is asked. */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async () => {
    try {
      return await call(api.GET('/api/v1/auth/me'));
    } catch (error) {
      if (error instanceof ApiProblem && error.problem.status === 401) return null;
      throw error;
    }
  },
  staleTime: 60_000,
});
