import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireUser } from '../../http/actor.js';
import { bearerToken } from '../../http/authenticate.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { PageOf } from '../../http/pagination.js';
import { problems } from '../../http/schemas.js';
import type { EventStreams } from '../../http/sse.js';
import {
  DisplayCall,
  DisplayEventsQuery,
  DisplayToken,
  DisplayTokenListQuery,
  DisplayTokenParams,
  NewDisplayToken,
  NewDisplayTokenBody,
} from './display-schemas.js';
import type { DisplayService } from './display-service.js';

export function displayRoutes(app: FastifyTypeBox, display: DisplayService, streams: EventStreams) {
  const tags = ['Waiting queue'];

  app.post(
    '/display/tokens',
    {
      config: { action: 'display.tokens.create' },
      schema: {
        tags,
        summary: 'Create a token for a waiting-room screen',
        description:
          'The token is shown only now; the screen opens `url` (the event stream) with it, ' +
          'without signing in.',
        body: NewDisplayTokenBody,
        response: { 201: NewDisplayToken, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .header('cache-control', 'no-store')
        .send(await display.createToken(request.body.name, requireUser(request).userId)),
  );

  app.get(
    '/display/tokens',
    {
      config: { action: 'display.tokens.list' },
      schema: {
        tags,
        summary: 'List the screens’ tokens (without the secrets)',
        querystring: DisplayTokenListQuery,
        response: { 200: PageOf(DisplayToken), ...problems(400, 401, 403) },
      },
    },
    async (request) => display.listTokens(request.query),
  );

  app.delete(
    '/display/tokens/:id',
    {
      config: { action: 'display.tokens.revoke' },
      schema: {
        tags,
        summary: 'Revoke a screen’s token',
        description: 'Its open event streams end at once, on every instance.',
        params: DisplayTokenParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await display.revokeToken(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/display/events',
    {
      config: { action: 'display.events' },
      schema: {
        tags,
        summary: 'Server-Sent Events for a waiting-room screen: the patients being called',
        description:
          'Each call is an event `called` whose id is its place in the history and whose data ' +
          'is the ticket, the room and the professional, never the patient. On connecting: the ' +
          'day’s calls after `Last-Event-ID` (or `?lastEventId=`), else the last 10; then each ' +
          'call as it happens, with `: ping` comments in between (with `?caughtUp=true`, an ' +
          'event `caught-up` between the two). The display token goes in ' +
          '`?token=` or `Authorization: Bearer`; a revoked token’s streams end.',
        querystring: DisplayEventsQuery,
        response: {
          200: {
            description: 'An event stream; each event’s data is a DisplayCall.',
            content: { 'text/event-stream': { schema: DisplayCall } },
          },
          ...problems(400, 401),
        },
      },
    },
    async (request, reply) => {
      // Refused before the stream opens, so a wrong token is a plain 401.
      const screen = await display.screenOf(tokenOf(request, request.query.token));
      const stream = streams.open(request, reply);
      // The reply is the stream's now: a failure can only end it.
      const options = { caughtUp: request.query.caughtUp === true };
      await display.stream(screen, stream, request.log, options).catch((err: unknown) => {
        request.log.error({ err }, 'display stream failed');
        stream.close();
      });
    },
  );
}

/** A screen's token: in the URL (an EventSource cannot set headers), or as a bearer token. */
function tokenOf(request: FastifyRequest, inQuery: string | undefined): string | undefined {
  const header = request.headers.authorization;
  return inQuery ?? (header === undefined ? undefined : bearerToken(header));
}
