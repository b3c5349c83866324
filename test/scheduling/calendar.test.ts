import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, type SignedUpPatient } from '../helpers/people.js';
import { as } from '../helpers/requests.js';
import {
  bookAppointment,
  openSmallClinic,
  SUNDAY_MORNING,
  type RegisteredProfessional,
} from '../helpers/scheduling.js';

let t: TestApp;
let admin: Session;
let ana: SignedUpPatient;
let bia: SignedUpPatient;
let pro: RegisteredProfessional;
let other: RegisteredProfessional;

beforeAll(async () => {
  ({ t, admin, ana, bia, pro, other } = await openSmallClinic());
});
afterAll(() => t.close());
beforeEach(() => t.clock.set(SUNDAY_MORNING));

const feedUrl = (cn: string) => `/api/v1/professionals/${cn}/calendar.ics`;
const feedLinkUrl = (cn: string) => `/api/v1/professionals/${cn}/calendar-feed`;

interface ParsedEvent {
  uid: string;
  sequence: number;
  start: string;
  end: string;
  summary: string;
  description: string | null;
  status: string | null;
}

/** Reads a feed back with an independent iCalendar parser. */
function parseFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events: ParsedEvent[] = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      summary: event.summary,
      description: (vevent.getFirstPropertyValue('description') as string | null) ?? null,
      status: (vevent.getFirstPropertyValue('status') as string | null) ?? null,
    };
  });
  return {
    name: calendar.getFirstPropertyValue('x-wr-calname'),
    timeZone: calendar.getFirstPropertyValue('x-wr-timezone'),
    events,
    byUid: (uid: string) => events.find((event) => event.uid === uid),
  };
}

describe('the calendar feed', () => {
  it('lists the professional’s appointments with a stable UID and a growing SEQUENCE', async () => {
    const first = await bookAppointment(t, ana.session, {
      professional: pro.councilNumber,
      startsAt: '2026-12-07T09:00:00-03:00',
      reason: 'Check-up, annual',
    });
    const second = await bookAppointment(t, bia.session, {
      professional: pro.councilNumber,
      startsAt: '2026-12-07T10:00:00-03:00',
    });
    const elsewhere = await bookAppointment(t, bia.session, {
      professional: other.councilNumber,
      startsAt: '2026-12-07T09:00:00-03:00',
    });

    const response = await as(t, pro.session).get(feedUrl(pro.councilNumber));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(response.headers['cache-control']).toBe('private, no-store');
    // Sent as is, not serialized as a JSON string.
    expect(response.body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);

    const feed = parseFeed(response.body);
    expect(feed.name).toBe('ClinicDesk — Dr. Caio');
    expect(feed.timeZone).toBe('America/Sao_Paulo');
    expect(feed.events.map((event) => event.uid).sort()).toEqual(
      [`${first}@clinicdesk`, `${second}@clinicdesk`].sort(),
    );
    expect(feed.byUid(`${elsewhere}@clinicdesk`)).toBeUndefined();
    expect(feed.byUid(`${first}@clinicdesk`)).toEqual({
      uid: `${first}@clinicdesk`,
      sequence: 0,
      start: '2026-12-07T12:00:00.000Z',
      end: '2026-12-07T12:30:00.000Z',
      summary: 'Consulta: Ana Souza',
      description: 'Check-up, annual',
      status: 'CONFIRMED',
    });
    expect(feed.byUid(`${second}@clinicdesk`)).toMatchObject({
      summary: 'Consulta: Bia Lima',
      description: null,
    });

    // Rescheduled: the same event, moved, with a higher SEQUENCE.
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/appointments/${first}`,
      headers: bearer(admin),
      payload: { startsAt: '2026-12-07T11:00:00-03:00' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const afterMove = parseFeed((await as(t, pro.session).get(feedUrl(pro.councilNumber))).body);
    expect(afterMove.events).toHaveLength(2);
    expect(afterMove.byUid(`${first}@clinicdesk`)).toMatchObject({
      sequence: 1,
      start: '2026-12-07T14:00:00.000Z',
      end: '2026-12-07T14:30:00.000Z',
      status: 'CONFIRMED',
    });

    // Cancelled: still there, marked so calendar apps drop it, with a higher SEQUENCE again.
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${first}/cancel`,
      headers: bearer(ana.session),
      payload: { reason: 'Travelling' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const afterCancel = parseFeed((await as(t, pro.session).get(feedUrl(pro.councilNumber))).body);
    expect(afterCancel.byUid(`${first}@clinicdesk`)).toMatchObject({
      sequence: 2,
      start: '2026-12-07T14:00:00.000Z',
      status: 'CANCELLED',
    });
    expect(afterCancel.byUid(`${second}@clinicdesk`)).toMatchObject({
      sequence: 0,
      status: 'CONFIRMED',
    });

    // The other professional's feed has only their own appointment.
    const otherFeed = parseFeed(
      (await as(t, other.session).get(feedUrl(other.councilNumber))).body,
    );
    expect(otherFeed.name).toBe('ClinicDesk — Dra. Duda');
    expect(otherFeed.events.map((event) => event.uid)).toEqual([`${elsewhere}@clinicdesk`]);

    // Appointments more than 30 days past leave the feed.
    t.clock.set(new Date('2027-01-07T13:00:00Z'));
    const later = parseFeed((await as(t, pro.session).get(feedUrl(pro.councilNumber))).body);
    expect(later.byUid(`${first}@clinicdesk`)).toBeUndefined();
    expect(later.byUid(`${second}@clinicdesk`)).toBeUndefined();
  });

  it('records the patients it shows in the audit log when someone else reads it', async () => {
    await bookAppointment(t, ana.session, {
      professional: pro.councilNumber,
      startsAt: '2026-12-08T08:00:00-03:00',
    });
    expect((await as(t, admin).get(feedUrl(pro.councilNumber))).statusCode).toBe(200);
    const rows = await t.database.sql<{ actor_role: string }[]>`
      select actor_role from audit_log
      where action = 'calendar.read' and patient_user_id = ${ana.userId}`;
    expect(rows.map((row) => row.actor_role)).toEqual(
      expect.arrayContaining(['admin', 'professional']),
    );
  });

  it('answers the professional and admins; 401 signed out, 403 for anyone else', async () => {
    expect((await as(t).get(feedUrl(pro.councilNumber))).statusCode).toBe(401);
    expect((await as(t, ana.session).get(feedUrl(pro.councilNumber))).statusCode).toBe(403);
    expect((await as(t, other.session).get(feedUrl(pro.councilNumber))).statusCode).toBe(403);
    expect((await as(t, admin).get(feedUrl(pro.councilNumber))).statusCode).toBe(200);
    expect(
      (await as(t, pro.session).get(feedUrl(pro.councilNumber.toLowerCase()))).statusCode,
    ).toBe(200);
    expect((await as(t, admin).get(feedUrl('9999-ZZ'))).statusCode).toBe(404);
    const bad = await as(t, admin).get(feedUrl('not-a-number'));
    expect(bad.statusCode).toBe(400);
  });
});

describe('the secret feed URL', () => {
  it('opens the feed without signing in, until a new one replaces it', async () => {
    const id = await bookAppointment(t, bia.session, {
      professional: pro.councilNumber,
      startsAt: '2026-12-09T08:30:00-03:00',
    });

    const created = await as(t, pro.session).post(feedLinkUrl(pro.councilNumber));
    expect(created.statusCode).toBe(201);
    const { url, token } = created.json<{ url: string; token: string }>();
    expect(url).toBe(`${feedUrl(pro.councilNumber)}?token=${token}`);
    expect(token).toMatch(/^[\w-]{40,}$/);

    const viaToken = await t.app.inject({ url });
    expect(viaToken.statusCode).toBe(200);
    expect(viaToken.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(parseFeed(viaToken.body).byUid(`${id}@clinicdesk`)).toMatchObject({
      summary: 'Consulta: Bia Lima',
      start: '2026-12-09T11:30:00.000Z',
    });
    // A stale session alongside the token does not get in the way.
    const withStaleBearer = await t.app.inject({
      url,
      headers: { authorization: 'Bearer not-a-session' },
    });
    expect(withStaleBearer.statusCode).toBe(200);

    // Wrong tokens, and the right token on another professional's feed, are all the same 404.
    const wrong = await t.app.inject({ url: `${feedUrl(pro.councilNumber)}?token=nope` });
    const elsewhere = await t.app.inject({
      url: `${feedUrl(other.councilNumber)}?token=${token}`,
    });
    const nobody = await t.app.inject({ url: `${feedUrl('9999-ZZ')}?token=${token}` });
    for (const response of [wrong, elsewhere, nobody]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().detail).toBe('There is no calendar feed here.');
    }

    // A new URL (here made by an admin) replaces the old one.
    const rotated = await as(t, admin).post(feedLinkUrl(pro.councilNumber));
    expect(rotated.statusCode).toBe(201);
    const next = rotated.json<{ url: string; token: string }>();
    expect(next.token).not.toBe(token);
    expect((await t.app.inject({ url })).statusCode).toBe(404);
    expect((await t.app.inject({ url: next.url })).statusCode).toBe(200);

    // The tokens never reach the logs (request lines carry the path without its query).
    const logs = t.logs.join('\n');
    expect(logs).toContain('/calendar.ics');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(next.token);
  });

  it('closes when the professional is deactivated', async () => {
    const leaving = await registerProfessional(t, admin, { specialty: 'Clínica Geral' });
    const { url } = (await as(t, leaving.session).post(feedLinkUrl(leaving.councilNumber))).json();
    expect((await t.app.inject({ url })).statusCode).toBe(200);
    const gone = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/professionals/${leaving.councilNumber}`,
      headers: bearer(admin),
    });
    expect(gone.statusCode).toBe(204);
    expect((await t.app.inject({ url })).statusCode).toBe(404);
  });

  it('is made by the professional or an admin only', async () => {
    expect((await as(t).post(feedLinkUrl(pro.councilNumber))).statusCode).toBe(401);
    expect((await as(t, ana.session).post(feedLinkUrl(pro.councilNumber))).statusCode).toBe(403);
    expect((await as(t, other.session).post(feedLinkUrl(pro.councilNumber))).statusCode).toBe(403);
    expect((await as(t, admin).post(feedLinkUrl('9999-ZZ'))).statusCode).toBe(404);
    expect((await as(t, other.session).post(feedLinkUrl(other.councilNumber))).statusCode).toBe(
      201,
    );
  });
});

describe('one appointment’s file (“add to calendar”)', () => {
  const fileUrl = (id: string) => `/api/v1/appointments/${id}/calendar.ics`;

  it('is the same event as the invitations, in the caller’s language, moved with the appointment', async () => {
    const id = await bookAppointment(t, ana.session, {
      professional: pro.councilNumber,
      startsAt: '2026-12-08T09:00:00-03:00',
      reason: 'Dor de cabeça',
    });
    const english = await t.app.inject({
      method: 'GET',
      url: fileUrl(id),
      headers: { ...bearer(ana.session), 'accept-language': 'en' },
    });
    expect(english.statusCode).toBe(200);
    expect(english.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(english.headers['content-disposition']).toBe('attachment; filename=appointment.ics');
    expect(english.headers['cache-control']).toBe('private, no-store');
    const [event] = parseFeed(english.body).events;
    expect(event).toEqual({
      uid: `${id}@clinicdesk`,
      sequence: 0,
      start: '2026-12-08T12:00:00.000Z',
      end: '2026-12-08T12:30:00.000Z',
      summary: 'Appointment with Dr. Caio (Clínica Geral)',
      description: 'Dor de cabeça',
      status: 'CONFIRMED',
    });

    const moved = await as(t, admin).patch(`/api/v1/appointments/${id}`, {
      startsAt: '2026-12-08T10:00:00-03:00',
    });
    expect(moved.statusCode).toBe(200);
    const portuguese = await t.app.inject({
      method: 'GET',
      url: fileUrl(id),
      headers: { ...bearer(ana.session), 'accept-language': 'pt-BR' },
    });
    const [after] = parseFeed(portuguese.body).events;
    expect(after).toMatchObject({
      uid: `${id}@clinicdesk`,
      sequence: 1,
      start: '2026-12-08T13:00:00.000Z',
      summary: 'Consulta com Dr. Caio (Clínica Geral)',
    });
  });

  it('is for the appointment’s patient, its professional and admins; a 404 for anyone else', async () => {
    const id = await bookAppointment(t, ana.session, {
      professional: pro.councilNumber,
      startsAt: '2026-12-08T11:00:00-03:00',
    });
    expect((await as(t).get(fileUrl(id))).statusCode).toBe(401);
    expect((await as(t, bia.session).get(fileUrl(id))).statusCode).toBe(404);
    expect((await as(t, other.session).get(fileUrl(id))).statusCode).toBe(404);
    for (const caller of [ana.session, pro.session, admin]) {
      expect((await as(t, caller).get(fileUrl(id))).statusCode).toBe(200);
    }
  });
});
