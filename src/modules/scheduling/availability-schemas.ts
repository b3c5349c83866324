import { Type, type Static } from 'typebox';
import { DayInput, InstantInput, StrictObject } from '../../http/schemas.js';

const Time = (description: string) =>
  Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$', description });
const Instant = InstantInput();
const Day = DayInput('YYYY-MM-DD in the clinic time zone');

export const WeeklyRangeSchema = StrictObject({
  weekday: Type.Integer({ minimum: 0, maximum: 6, description: '0 is Sunday' }),
  start: Time('HH:MM'),
  end: Time('HH:MM, or 24:00'),
});

export const Availability = StrictObject({
  slotMinutes: Type.Integer({ minimum: 5, maximum: 480 }),
  weekly: Type.Array(WeeklyRangeSchema, { maxItems: 70 }),
});

export const TimeOffInput = StrictObject({
  startsAt: Instant,
  endsAt: Instant,
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
});

export const TimeOff = Type.Object({
  id: Type.String({ format: 'uuid' }),
  startsAt: Type.String(),
  endsAt: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
});

export const RangeQuery = StrictObject({
  from: Type.Optional(Day),
  to: Type.Optional(Day),
});

export const SpecialtySlotsQuery = StrictObject({
  specialty: Type.String({ minLength: 1, maxLength: 80 }),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
});

export const Slot = Type.Object({ startsAt: Type.String(), endsAt: Type.String() });

export const ProfessionalSlot = Type.Object({
  professional: Type.Object({ councilNumber: Type.String(), name: Type.String() }),
  startsAt: Type.String(),
  endsAt: Type.String(),
});

export const TimeOffParams = StrictObject({
  councilNumber: Type.String({ pattern: '^[0-9]{4}-[A-Za-z]{2}$' }),
  id: Type.String({ format: 'uuid' }),
});

export type AvailabilityInput = Static<typeof Availability>;
export type TimeOffInputValue = Static<typeof TimeOffInput>;
export type TimeOffView = Static<typeof TimeOff>;
