import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { Ok } from '../api/types';

export type QueueSnapshot = Ok<'/api/v1/queue/{councilNumber}', 'get'>;
export type Appointment = Ok<'/api/v1/appointments/{id}', 'get'>;

/** Today's waiting queue of a professional (kept current by its event stream). */
export const queueQuery = (councilNumber: string) =>
  queryOptions({
    queryKey: ['queue', councilNumber],
    queryFn: () =>
      call(api.GET('/api/v1/queue/{councilNumber}', { params: { path: { councilNumber } } })),
  });

/** A professional's appointments of one clinic day, in the order of their times. */
export const dayAppointmentsQuery = (councilNumber: string, date: string) =>
  queryOptions({
    queryKey: ['appointments', 'day', councilNumber, date],
    queryFn: () =>
      call(
        api.GET('/api/v1/professionals/{councilNumber}/appointments', {
          params: { path: { councilNumber }, query: { date, page: 1, pageSize: 100 } },
        }),
      ),
  });

export const appointmentQuery = (id: string) =>
  queryOptions({
    queryKey: ['appointments', 'one', id],
    queryFn: () => call(api.GET('/api/v1/appointments/{id}', { params: { path: { id } } })),
  });

export const patientQuery = (registerNumber: string) =>
  queryOptions({
    queryKey: ['patients', registerNumber],
    queryFn: () =>
      call(api.GET('/api/v1/patients/{registerNumber}', { params: { path: { registerNumber } } })),
  });

export const consultationsQuery = (registerNumber: string) =>
  queryOptions({
    queryKey: ['consultations', registerNumber],
    queryFn: () =>
      call(
        api.GET('/api/v1/patients/{registerNumber}/consultations', {
          params: { path: { registerNumber }, query: { page: 1, pageSize: 20 } },
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

export const consultationQuery = (id: string) =>
  queryOptions({
    queryKey: ['consultations', 'one', id],
    queryFn: () => call(api.GET('/api/v1/consultations/{id}', { params: { path: { id } } })),
  });
