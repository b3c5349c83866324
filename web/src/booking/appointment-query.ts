import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../api/client';

/** One appointment, to move it: the patient's own, or any at the desk. */
export const appointmentQuery = (id: string) =>
  queryOptions({
    queryKey: ['appointment', id],
    queryFn: () => call(api.GET('/api/v1/appointments/{id}', { params: { path: { id } } })),
  });
