import type { ChangeFeed } from '../../db/change-feed.js';
import { requestContext } from '../../http/actor.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { problems } from '../../http/schemas.js';
import type { EventStreams } from '../../http/sse.js';
import { Board, BoardEventsQuery, BoardQuery } from './board-schemas.js';
import type { BoardService } from './board-service.js';
import { streamBoard } from './board-stream.js';

export function boardRoutes(
  app: FastifyTypeBox,
  board: BoardService,
  live: { streams: EventStreams; changeFeed: ChangeFeed },
) {
  const tags = ['Waiting queue'];

  app.get(
    '/board',
    {
      config: { action: 'board.read' },
      schema: {
        tags,
        summary: 'The front desk’s board of a day: every professional’s appointments and queue',
        description:
          'Active professionals with working hours or appointments that day, by name, each ' +
          'with all the day’s appointments (every status) by start time and, today, who waits ' +
          'in the queue’s order. `now` is the server’s instant, for minutes waiting.',
        querystring: BoardQuery,
        response: { 200: Board, ...problems(400, 401, 403) },
      },
    },
    async (request) => board.read(request.query.date, requestContext(request)),
  );

  app.get(
    '/board/events',
    {
      config: { action: 'board.read' },
      schema: {
        tags,
        summary: 'Today’s board as Server-Sent Events: a new board on every change',
        description:
          'Events `board` whose data is the same as `GET /board` for today: one on ' +
          'connecting, then one within a second of any appointment change made through any ' +
          'instance, and every minute; `: ping` comments in between. Each id fingerprints the ' +
          'board (without `now`): reconnecting with `Last-Event-ID` (or `?lastEventId=`) sends ' +
          'nothing until the board changed. One stream for the whole clinic, as a browser ' +
          'holds only six connections per host.',
        querystring: BoardEventsQuery,
        response: {
          200: {
            description: 'An event stream; each event’s data is a Board.',
            content: { 'text/event-stream': { schema: Board } },
          },
          ...problems(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const context = requestContext(request);
      const stream = live.streams.open(request, reply);
      await streamBoard({
        board,
        changeFeed: live.changeFeed,
        stream,
        context,
        log: request.log,
      }).catch((err: unknown) => {
        request.log.error({ err }, 'board stream failed');
        stream.close();
      });
    },
  );
}
