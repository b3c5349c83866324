import { Type, type Static } from 'typebox';
import { DayInput, Nullable, StrictObject } from '../../http/schemas.js';
import { LastEventIdQuery } from '../../http/sse.js';
import { Appointment } from '../scheduling/index.js';

export const BoardQuery = StrictObject({
  date: Type.Optional(DayInput('YYYY-MM-DD in the clinic time zone; today by default')),
});

export const BoardEventsQuery = StrictObject(LastEventIdQuery);

export const BoardProfessional = Type.Object({
  councilNumber: Type.String(),
  name: Type.String(),
  specialty: Type.String(),
  officeNumber: Nullable(Type.String()),
  appointments: Type.Array(Appointment, { description: 'Every status, by start time' }),
  waiting: Type.Array(
    Type.Object({
      appointmentId: Type.String({ format: 'uuid' }),
      position: Type.Integer({ minimum: 1 }),
      estimatedWaitMinutes: Type.Integer({ minimum: 0 }),
    }),
    { description: 'The queue’s own order (legal priority, then arrival); today only' },
  ),
});

export const Board = Type.Object({
  date: Type.String({ description: 'The day shown, in the clinic time zone' }),
  now: Type.String({
    description: 'The server’s instant: minutes waiting count from it, not the browser’s clock',
  }),
  professionals: Type.Array(BoardProfessional, {
    description: 'Active professionals with working hours or appointments that day, by name',
  }),
});

export type BoardView = Static<typeof Board>;
export type BoardProfessionalView = Static<typeof BoardProfessional>;
