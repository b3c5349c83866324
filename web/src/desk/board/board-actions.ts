import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';

export type CheckInBody = NonNullable<
  paths['/api/v1/appointments/{id}/check-in']['post']['requestBody']
>['content']['application/json'];
export type DeclaredPriority = NonNullable<CheckInBody['priorityReason']>;

const path = (id: string) => ({ params: { path: { id } } });

/** The desk's moves on an appointment, each an API call. */
export const boardActions = {
  checkIn: ({ id, body }: { id: string; body: CheckInBody }) =>
    call(api.POST('/api/v1/appointments/{id}/check-in', { ...path(id), body })),
  call: ({ id }: { id: string }) => call(api.POST('/api/v1/appointments/{id}/call', path(id))),
  noShow: ({ id }: { id: string }) => call(api.POST('/api/v1/appointments/{id}/no-show', path(id))),
  cancel: ({ id, reason }: { id: string; reason: string }) =>
    call(api.POST('/api/v1/appointments/{id}/cancel', { ...path(id), body: { reason } })),
};

/**
 * One of the desk's moves on an appointment. The stream brings the new board within a
 * second; the board and the appointment lists are re-read too, in case the stream is down.
 */
export function useAppointmentAction<Variables>(
  action: (variables: Variables) => Promise<unknown>,
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: action,
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ['board'] }),
        client.invalidateQueries({ queryKey: ['appointments'] }),
      ]);
    },
  });
}
