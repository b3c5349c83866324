import { and, asc, desc, eq, gt, gte, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import { notify, type ChangeFeed } from '../../db/change-feed.js';
import type { Db } from '../../db/database.js';
import { displayTokens } from '../../db/schema/queue.js';
import { offsetOf, type Page } from '../../http/pagination.js';
import { notFound, unauthenticated } from '../../http/problem.js';
import type { EventStream } from '../../http/sse.js';
import type { Clock } from '../../lib/clock.js';
import { coalescing } from '../../lib/coalescing.js';
import { randomToken, tokenHash } from '../../lib/crypto.js';
import { todayIn } from '../../lib/dates.js';
import { startOfDay, toZonedIso } from '../../lib/time.js';
import { usersRelation } from '../accounts/index.js';
import { professionalsRelation, specialtiesRelation } from '../people/index.js';
import {
  appointmentHistoryRelation,
  appointmentsRelation,
  DISPLAY_CHANNEL,
  ticketLabel,
} from '../scheduling/index.js';
import type { DisplayCallView, DisplayTokenView, NewDisplayTokenView } from './display-schemas.js';
import { DISPLAY_REVOKED_CHANNEL } from './tickets.js';

const appointmentHistory = appointmentHistoryRelation();
const appointments = appointmentsRelation();
const professionals = professionalsRelation();
const specialties = specialtiesRelation();
const users = usersRelation();

export const DISPLAY_EVENTS_PATH = '/api/v1/display/events';
/** The history action of a call (see the queue transitions). */
const CALLED = 'called';
/** Calls a screen gets on connecting without `Last-Event-ID`: the board it shows. */
const RECENT_CALLS = 10;
const PAGE = 100;
/**
 * History ids are taken at insert but transactions commit in any order, so a call can become
 * visible after one with a higher id was sent. Each look re-reads this recent past too.
 */
const LATE_COMMIT_WINDOW = sql`interval '1 minute'`;
/** Ids sent that such a re-read may return again: far more than a minute's calls. */
const REMEMBERED_IDS = 500;

export interface Screen {
  tokenId: string;
}

export interface StreamOptions {
  /** Send a `caught-up` event once the calls made before connecting are sent. */
  caughtUp?: boolean;
}

const CAUGHT_UP = 'caught-up';

/**
 * Waiting-room screens: tokens admins hand out, and each screen's live stream of calls (ticket,
 * room, professional), which never carries anything about the patient.
 */
export class DisplayService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly changeFeed: ChangeFeed,
    private readonly config: Pick<Config, 'clinic'>,
  ) {}

  async createToken(name: string, createdBy: string): Promise<NewDisplayTokenView> {
    const token = randomToken();
    const [row] = await this.db
      .insert(displayTokens)
      .values({ name, tokenHash: tokenHash(token), createdBy, createdAt: this.clock.now() })
      .returning();
    return {
      id: row!.id,
      name: row!.name,
      token,
      url: `${DISPLAY_EVENTS_PATH}?token=${token}`,
      createdAt: this.zoned(row!.createdAt),
    };
  }

  async listTokens(query: { page: number; pageSize: number }): Promise<Page<DisplayTokenView>> {
    const rows = await this.db
      .select({
        id: displayTokens.id,
        name: displayTokens.name,
        createdAt: displayTokens.createdAt,
        revokedAt: displayTokens.revokedAt,
        total: sql<number>`count(*) over ()`.mapWith(Number),
      })
      .from(displayTokens)
      .orderBy(desc(displayTokens.createdAt), asc(displayTokens.id))
      .limit(query.pageSize)
      .offset(offsetOf(query.page, query.pageSize));
    return {
      items: rows.map((row) => ({
        id: row.id,
        name: row.name,
        createdAt: this.zoned(row.createdAt),
        revokedAt: row.revokedAt && this.zoned(row.revokedAt),
      })),
      total: rows[0]?.total ?? 0,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** Revokes a token (again is fine) and ends its open streams on every instance. */
  async revokeToken(id: string): Promise<void> {
    const now = sql.param(this.clock.now(), displayTokens.revokedAt);
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(displayTokens)
        // Revoking again keeps the first date.
        .set({ revokedAt: sql`coalesce(${displayTokens.revokedAt}, ${now})` })
        .where(eq(displayTokens.id, id))
        .returning({ id: displayTokens.id });
      if (!row) throw notFound('There is no such display token.');
      await notify(tx, DISPLAY_REVOKED_CHANNEL, id);
    });
  }

  /** The screen a token opens: 401 for no token, a wrong one or a revoked one. */
  async screenOf(token: string | undefined): Promise<Screen> {
    const screen = token
      ? await this.liveToken(eq(displayTokens.tokenHash, tokenHash(token)))
      : undefined;
    if (!screen) throw unauthenticated('A valid display token is required.');
    return screen;
  }

  /**
   * Feeds a screen's stream until it closes: today's calls after `Last-Event-ID` (or the last
   * few), then each new call as it is made on any instance. Notifications only say "look
   * again"; what is sent is read from the history, so calls are neither lost nor repeated
   * however the notifications bunch up.
   */
  async stream(
    screen: Screen,
    stream: EventStream,
    log: FastifyBaseLogger,
    options: StreamOptions = {},
  ): Promise<void> {
    const { timeZone } = this.config.clinic;
    const day = startOfDay(todayIn(timeZone, this.clock), timeZone);
    const resumeFrom = parseEventId(stream.lastEventId);
    const cursor = new CallCursor(await this.lastIdBefore(day), resumeFrom);
    let showRecent = resumeFrom === undefined;
    let caughtUpSent = !options.caughtUp;
    const send = (call: Call) => {
      if (cursor.take(call.id)) stream.send({ event: 'called', id: call.id, data: call.view });
    };
    // One look at a time: a notification during a look makes one more look after it.
    const look = coalescing(
      async () => {
        if (showRecent) {
          showRecent = false;
          const recent = await this.recentCalls(cursor);
          cursor.startAt(recent[0]?.id);
          recent.forEach(send);
        }
        while (!stream.closed) {
          const page = await this.callsAfter(cursor);
          page.forEach(send);
          if (page.length < PAGE) break;
        }
        // After the first complete look: what came before was made before connecting.
        if (!caughtUpSent && !stream.closed) {
          caughtUpSent = true;
          stream.send({ event: CAUGHT_UP, data: null });
        }
      },
      (err) => log.error({ err }, 'display stream failed to read calls'),
    );

    // Listen before reading, so nothing made in between is missed.
    const subscriptions = await Promise.all([
      this.changeFeed.subscribe(DISPLAY_CHANNEL, look, { onResume: look }),
      this.changeFeed.subscribe(
        DISPLAY_REVOKED_CHANNEL,
        (tokenId) => {
          if (tokenId === screen.tokenId) stream.close();
        },
        // Revocations made while the connection was down would go unheard otherwise.
        {
          onResume: () =>
            void this.closeIfRevoked(screen, stream).catch((err: unknown) =>
              log.warn({ err }, 'display stream could not recheck its token'),
            ),
        },
      ),
    ]);
    for (const unsubscribe of subscriptions) stream.onClose(unsubscribe);
    // Revoked between the check that opened the stream and the subscription?
    if (await this.closeIfRevoked(screen, stream)) return;
    look();
  }

  private async closeIfRevoked(screen: Screen, stream: EventStream): Promise<boolean> {
    if (await this.liveToken(eq(displayTokens.id, screen.tokenId))) return false;
    stream.close();
    return true;
  }

  private async liveToken(where: SQL): Promise<Screen | undefined> {
    const [row] = await this.db
      .select({ tokenId: displayTokens.id })
      .from(displayTokens)
      .where(and(where, isNull(displayTokens.revokedAt)));
    return row;
  }

  /**
   * The last history id before the day began. Ids grow with time, so `id >` it bounds every
   * read to the day's rows on the primary key (there is no index on `at`).
   */
  private async lastIdBefore(day: Date): Promise<number> {
    const [row] = await this.db
      .select({ id: sql<number>`coalesce(max(${appointmentHistory.id}), 0)`.mapWith(Number) })
      .from(appointmentHistory)
      .where(lt(appointmentHistory.at, day));
    return row?.id ?? 0;
  }

  /** The last calls of the day, oldest first. */
  private async recentCalls(cursor: CallCursor): Promise<Call[]> {
    const rows = await this.selectCalls(gt(appointmentHistory.id, cursor.floor))
      .orderBy(desc(appointmentHistory.id))
      .limit(RECENT_CALLS);
    return rows.reverse().map((row) => this.toCall(row));
  }

  /** The calls past the cursor, and the last minute's again (see LATE_COMMIT_WINDOW). */
  private async callsAfter(cursor: CallCursor): Promise<Call[]> {
    const rows = await this.selectCalls(
      and(
        gt(appointmentHistory.id, cursor.floor),
        or(
          gt(appointmentHistory.id, cursor.last),
          gte(appointmentHistory.at, sql`now() - ${LATE_COMMIT_WINDOW}`),
        ),
      ),
    )
      .orderBy(asc(appointmentHistory.id))
      .limit(PAGE);
    return rows.map((row) => this.toCall(row));
  }

  private selectCalls(where: SQL | undefined) {
    return this.db
      .select({
        id: appointmentHistory.id,
        at: appointmentHistory.at,
        ticket: appointments.ticket,
        priority: appointments.priority,
        room: professionals.officeNumber,
        name: users.name,
        specialty: specialties.name,
      })
      .from(appointmentHistory)
      .innerJoin(appointments, eq(appointments.id, appointmentHistory.appointmentId))
      .innerJoin(professionals, eq(professionals.userId, appointments.professionalUserId))
      .innerJoin(users, eq(users.id, professionals.userId))
      .innerJoin(specialties, eq(specialties.key, professionals.specialtyKey))
      .where(and(eq(appointmentHistory.action, CALLED), isNotNull(appointments.ticket), where))
      .$dynamic();
  }

  private toCall(row: {
    id: number;
    at: Date;
    ticket: number | null;
    priority: number;
    room: string | null;
    name: string;
    specialty: string;
  }): Call {
    return {
      id: row.id,
      view: {
        ticket: ticketLabel(row.priority, row.ticket!),
        room: row.room,
        professional: { name: row.name, specialty: row.specialty },
        calledAt: this.zoned(row.at),
      },
    };
  }

  private zoned(instant: Date): string {
    return toZonedIso(instant, this.config.clinic.timeZone);
  }
}

interface Call {
  id: number;
  view: DisplayCallView;
}

/** Where a stream stands in the history: what it must not send, and what it has sent. */
class CallCursor {
  /** Nothing at or below this is sent: before today, or what the client already had. */
  floor: number;
  /** The highest id sent. */
  last: number;
  /** Recently sent ids, which a re-read of the last minute returns again. */
  private readonly sent = new Set<number>();

  constructor(beforeToday: number, resumeFrom: number | undefined) {
    this.floor = Math.max(beforeToday, resumeFrom ?? 0);
    this.last = this.floor;
  }

  /** Without `Last-Event-ID`, the stream starts at the recent calls: nothing older counts. */
  startAt(firstId: number | undefined): void {
    if (firstId !== undefined) this.floor = Math.max(this.floor, firstId - 1);
  }

  /** Marks a call as sent; false when it already was. */
  take(id: number): boolean {
    if (this.sent.has(id)) return false;
    this.sent.add(id);
    // Sets iterate in insertion order: the oldest goes.
    if (this.sent.size > REMEMBERED_IDS) this.sent.delete(this.sent.values().next().value!);
    this.last = Math.max(this.last, id);
    return true;
  }
}

/** `Last-Event-ID` as a history id; anything else counts as absent. */
function parseEventId(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}
