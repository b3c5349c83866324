import { and, asc, eq, gte, lte } from 'drizzle-orm';
import ical, { ICalEventStatus } from 'ical-generator';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { appointments, calendarFeeds } from '../../db/schema/scheduling.js';
import { actingUser, type RequestContext } from '../../http/actor.js';
import { HttpProblem, notFound, unauthenticated } from '../../http/problem.js';
import type { Clock } from '../../lib/clock.js';
import { randomToken, tokenHash } from '../../lib/crypto.js';
import { usersRelation } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import { appointmentUid } from '../notifications/index.js';
import type { ProfessionalRecord, ProfessionalsService } from '../people/index.js';
import { appointmentInvite, type InviteLanguage } from './appointment-invite.js';
import type { AppointmentsService } from './appointments-service.js';

const users = usersRelation();

/** How far back the feed reaches; forward it reaches the booking horizon. */
const PAST_DAYS = 30;
const DAY_MS = 86_400_000;
/** How often calendar apps are asked to refresh (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const REFRESH_SECONDS = 15 * 60;

const summaryLabel: Record<Config['clinic']['defaultLanguage'], string> = {
  'pt-BR': 'Consulta',
  en: 'Appointment',
};

export interface CalendarFeedLink {
  /** The secret feed URL, relative to the server: shown once. */
  url: string;
  token: string;
}

/** A professional's appointments as an iCalendar feed, for calendar apps. */
export class CalendarService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly professionals: ProfessionalsService,
    private readonly appointments: AppointmentsService,
    private readonly audit: AuditService,
    private readonly config: Pick<Config, 'clinic' | 'booking' | 'notifications'>,
  ) {}

  /** One appointment for its patient's (or professional's) calendar app: see appointmentInvite. */
  async appointmentFile(
    id: string,
    language: InviteLanguage,
    context: RequestContext,
  ): Promise<string> {
    const appointment = await this.appointments.visible(
      id,
      actingUser(context),
      'appointments.read',
    );
    return appointmentInvite(appointment, language, this.config.clinic);
  }

  /**
   * The feed, from 30 days back to the booking horizon. With a token, only the professional's
   * current feed token opens it (anything else is the same 404, whether the professional exists
   * or not); without one, a signed-in caller allowed `calendar.read`.
   */
  async feed(
    councilNumber: string,
    access: { token?: string },
    context: RequestContext,
  ): Promise<string> {
    const professional =
      access.token === undefined
        ? await this.signedInAccess(councilNumber, context)
        : await this.tokenAccess(councilNumber, access.token);

    const now = this.clock.now().getTime();
    const rows = await this.db
      .select({
        id: appointments.id,
        patientUserId: appointments.patientUserId,
        patientName: users.name,
        startsAt: appointments.startsAt,
        endsAt: appointments.endsAt,
        status: appointments.status,
        reason: appointments.reason,
        createdAt: appointments.createdAt,
        updatedAt: appointments.updatedAt,
        revision: appointments.revision,
      })
      .from(appointments)
      .innerJoin(users, eq(users.id, appointments.patientUserId))
      .where(
        and(
          eq(appointments.professionalUserId, professional.userId),
          gte(appointments.startsAt, new Date(now - PAST_DAYS * DAY_MS)),
          lte(appointments.startsAt, new Date(now + this.config.booking.horizonDays * DAY_MS)),
        ),
      )
      .orderBy(asc(appointments.startsAt), asc(appointments.id));

    const patientIds = [...new Set(rows.map((row) => row.patientUserId))];
    if (patientIds.length) {
      await this.audit.record(context, 'calendar.read', patientIds, {
        professional: professional.councilNumber,
        ...(access.token === undefined ? {} : { via: 'feed token' }),
      });
    }

    const calendar = ical({
      // The clinic's own name (CLINIC_NAME), as in its messages: the calendar app shows it.
      name: `${this.config.notifications.clinicName} — ${professional.name}`,
      prodId: { company: 'ClinicDesk', product: 'ClinicDesk', language: 'EN' },
      ttl: REFRESH_SECONDS,
    });
    // Times are UTC; the clinic's zone is the display hint calendar apps read. A TZID on each
    // time would need a VTIMEZONE definition, which the library only embeds from extra data.
    calendar.x('X-WR-TIMEZONE', this.config.clinic.timeZone);
    const label = summaryLabel[this.config.clinic.defaultLanguage];
    for (const row of rows) {
      // No-shows are left out: the slot was not used, and the feed mirrors the day as it is.
      if (row.status === 'no_show') continue;
      calendar.createEvent({
        id: appointmentUid(row.id),
        sequence: row.revision,
        start: row.startsAt,
        end: row.endsAt,
        stamp: row.updatedAt,
        created: row.createdAt,
        lastModified: row.updatedAt,
        summary: `${label}: ${row.patientName}`,
        description: row.reason,
        status: row.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      });
    }
    return calendar.toString();
  }

  /** A new secret feed URL for the professional; the previous one stops working. */
  async createFeed(councilNumber: string, context: RequestContext): Promise<CalendarFeedLink> {
    const professional = await this.professionals.authorized(
      councilNumber,
      context,
      'calendar.feed.create',
    );
    const token = randomToken();
    const hash = tokenHash(token);
    const createdAt = this.clock.now();
    await this.db
      .insert(calendarFeeds)
      .values({ professionalUserId: professional.userId, tokenHash: hash, createdAt })
      .onConflictDoUpdate({
        target: calendarFeeds.professionalUserId,
        set: { tokenHash: hash, createdAt },
      });
    const path = `/api/v1/professionals/${professional.councilNumber}/calendar.ics`;
    return { url: `${path}?token=${token}`, token };
  }

  private async signedInAccess(
    councilNumber: string,
    context: RequestContext,
  ): Promise<ProfessionalRecord> {
    if (context.actor.kind !== 'user') throw unauthenticated();
    return this.professionals.authorized(councilNumber, context, 'calendar.read');
  }

  private async tokenAccess(councilNumber: string, token: string): Promise<ProfessionalRecord> {
    const noFeed = () => notFound('There is no calendar feed here.');
    const [feed] = await this.db
      .select({ professionalUserId: calendarFeeds.professionalUserId })
      .from(calendarFeeds)
      .where(eq(calendarFeeds.tokenHash, tokenHash(token)));
    if (!feed) throw noFeed();
    const professional = await this.professionals.resolve(councilNumber).catch((error: unknown) => {
      throw error instanceof HttpProblem && error.status === 404 ? noFeed() : error;
    });
    // A deactivated professional's feed closes with their account.
    if (professional.userId !== feed.professionalUserId || !professional.active) throw noFeed();
    return professional;
  }
}
