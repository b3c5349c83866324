import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../../api/client';

/** The signed-in patient's own record: what the profile edits beyond the account. */
export const patientQuery = (registerNumber: string) =>
  queryOptions({
    queryKey: ['patient', registerNumber],
    queryFn: () =>
      call(api.GET('/api/v1/patients/{registerNumber}', { params: { path: { registerNumber } } })),
  });
