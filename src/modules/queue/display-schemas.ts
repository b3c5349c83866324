import { Type, type Static } from 'typebox';
import { PageQuery } from '../../http/pagination.js';
import { Nullable, StrictObject } from '../../http/schemas.js';
import { LastEventIdQuery } from '../../http/sse.js';
import { NameInput } from '../people/index.js';

const Instant = Type.String({ format: 'date-time' });

export const DisplayToken = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String({ description: 'Where the screen is, e.g. "Waiting room, 2nd floor".' }),
  createdAt: Instant,
  revokedAt: Nullable(Instant),
});

export const NewDisplayToken = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  token: Type.String({ description: 'The secret: shown only now.' }),
  url: Type.String({
    description: 'The screen’s event stream, with the token, relative to this server.',
  }),
  createdAt: Instant,
});

export const NewDisplayTokenBody = StrictObject({ name: NameInput });
export const DisplayTokenParams = StrictObject({ id: Type.String({ format: 'uuid' }) });
export const DisplayTokenListQuery = StrictObject({ ...PageQuery });

export const DisplayEventsQuery = StrictObject({
  token: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'The display token (or send it as `Authorization: Bearer <token>`).',
    }),
  ),
  caughtUp: Type.Optional(
    Type.Boolean({
      description:
        'Also send one event `caught-up` (data `null`) once the calls made before connecting ' +
        'are sent, so a screen tells the recent past (shown) from new calls (announced).',
    }),
  ),
  ...LastEventIdQuery,
});

/** What a waiting-room screen shows of a call: never anything about the patient. */
export const DisplayCall = Type.Object({
  ticket: Type.String({ description: 'e.g. P003 (priority) or N012.' }),
  room: Nullable(Type.String({ description: 'The professional’s office.' })),
  professional: Type.Object({ name: Type.String(), specialty: Type.String() }),
  calledAt: Instant,
});

export type DisplayTokenView = Static<typeof DisplayToken>;
export type NewDisplayTokenView = Static<typeof NewDisplayToken>;
export type DisplayCallView = Static<typeof DisplayCall>;
