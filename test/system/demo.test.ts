import { DateTime, type WeekdayNumbers } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoRefused, seedDemoClinic, type DemoClinic } from '../../src/demo/seed.js';
import { normalizeCpf } from '../../src/lib/cpf.js';
import { createLogger } from '../../src/lib/logger.js';
import { addDays } from '../../src/lib/time.js';
import { bearer, createTestApp, type TestApp } from '../helpers/app.js';
import { as } from '../helpers/requests.js';

const silent = createLogger('silent');

/** The demo at a given moment of the clinic's week, spoken to over HTTP like any client. */
function demoAt(
  label: string,
  wallClock: { weekday: WeekdayNumbers; hour: number; minute: number },
  options: { afterFirstStart?: boolean } = {},
) {
  describe(`the demo clinic, seeded ${label}`, () => {
    let t: TestApp;
    let demo: DemoClinic;
    let now: DateTime;
    let admin: { authorization: string };

    const get = async (url: string, headers = admin) => {
      const response = await as(t).get(`/api/v1${url}`, { headers });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      return response.json();
    };
    const signIn = async (who: { email: string; password: string }) => bearer(await t.login(who));

    beforeAll(async () => {
      t = await createTestApp();
      // The coming week's day and time, in the clinic's time zone.
      now = DateTime.now()
        .setZone(t.config.clinic.timeZone)
        .plus({ weeks: 1 })
        .set({ ...wallClock, second: 0, millisecond: 0 });
      t.clock.set(now.toJSDate());
      // As after an `npm start` before the demo: the first admin alone does not count as a clinic.
      if (options.afterFirstStart) await t.createUser('admin');
      demo = await seedDemoClinic({
        config: t.config,
        database: t.database,
        log: silent,
        now: now.toJSDate(),
      });
      admin = await signIn(demo.admin);
    }, 120_000);
    afterAll(() => t.close());

    it('lists its professionals by specialty, each with the council number of their CEP’s state', async () => {
      const specialties = await get('/specialties');
      expect(specialties.length).toBeGreaterThanOrEqual(4);
      for (const { name } of specialties) {
        const found = await get(`/professionals?specialty=${encodeURIComponent(name)}`);
        expect(found.total, name).toBeGreaterThan(0);
        for (const professional of found.items) {
          expect(professional.specialty).toBe(name);
          expect(professional.councilNumber).toMatch(
            new RegExp(`^\\d{4}-${professional.address.state}$`),
          );
        }
      }
      const { items } = await get('/professionals');
      expect(
        new Set(items.map((p: { address: { state: string } }) => p.address.state)).size,
      ).toBeGreaterThan(1);
    });

    it('offers free slots of every specialty', async () => {
      for (const { name } of await get('/specialties')) {
        const slots = await get(`/slots?specialty=${encodeURIComponent(name)}`);
        expect(slots.length, name).toBeGreaterThan(0);
      }
    });

    it('has a queue today: patients waiting, one with legal priority, and one in the room', async () => {
      const { items } = await get('/professionals');
      const queues = await Promise.all(
        items.map((p: { councilNumber: string }) => get(`/queue/${p.councilNumber}`)),
      );
      const waiting = queues.flatMap((queue) => queue.waiting);
      expect(waiting.length).toBeGreaterThanOrEqual(3);
      expect(waiting.some((w) => w.priority)).toBe(true);
      expect(queues.some((queue) => queue.inProgress !== null)).toBe(true);
      for (const queue of queues) expect(queue.date).toBe(now.toISODate());
    });

    it('has a past of finished consultations, no-shows and cancellations', async () => {
      const past = await get(
        `/appointments?from=${addDays(now.toISODate()!, -14)}&to=${addDays(now.toISODate()!, -1)}&pageSize=100`,
      );
      const statuses = new Set(past.items.map((a: { status: string }) => a.status));
      expect([...statuses].sort()).toEqual(['cancelled', 'finished', 'no_show']);
    });

    it('lets its patient sign in and see the appointments ahead and the consultations behind', async () => {
      const patient = await signIn(demo.patient);
      const { registerNumber } = demo.patient;
      const upcoming = await get(`/patients/${registerNumber}/appointments`, patient);
      expect(upcoming.total).toBeGreaterThanOrEqual(2);
      for (const appointment of upcoming.items) {
        expect(Date.parse(appointment.startsAt)).toBeGreaterThan(now.toMillis());
        expect(appointment.status).toBe('scheduled');
      }
      const past = await get(`/patients/${registerNumber}/appointments?when=past`, patient);
      expect(past.items.some((a: { status: string }) => a.status === 'finished')).toBe(true);
      const me = await get('/auth/me', patient);
      expect(me.notify.whatsapp).toBe(true);
      expect(me.whatsappOptInAt).not.toBeNull();
    });

    it('lets its professional sign in and read their own queue', async () => {
      const professional = await signIn(demo.professional);
      await get(`/queue/${demo.professional.councilNumber}`, professional);
    });

    it('registered patients with valid CPFs and phones', async () => {
      const found = await get('/patients?pageSize=100');
      expect(found.total).toBeGreaterThanOrEqual(20);
      for (const { registerNumber } of found.items.slice(0, 5)) {
        const patient = await get(`/patients/${registerNumber}`);
        expect(normalizeCpf(patient.cpf), patient.cpf).toBeDefined();
        expect(patient.phone).toMatch(/^\+55\d{10,11}$/);
      }
    });

    it('sent nothing anywhere: its messages are in the delivery log as not sent', async () => {
      const log = await get('/notifications?pageSize=100');
      expect(log.total).toBeGreaterThan(0);
      expect(new Set(log.items.map((n: { status: string }) => n.status))).toEqual(
        new Set(['not_sent']),
      );
    });

    it('refuses to fill the database again, and leaves it as it was', async () => {
      const before = (await get('/patients?pageSize=1')).total;
      await expect(
        seedDemoClinic({
          config: t.config,
          database: t.database,
          log: silent,
          now: now.toJSDate(),
        }),
      ).rejects.toBeInstanceOf(DemoRefused);
      expect((await get('/patients?pageSize=1')).total).toBe(before);
    });
  });
}

demoAt(
  'on a weekday morning, after a first start',
  { weekday: 3, hour: 10, minute: 20 },
  { afterFirstStart: true },
);
// Outside working hours, and with today's queue squeezed against the start of the day.
demoAt('just after midnight on a Sunday', { weekday: 7, hour: 0, minute: 4 });
