import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackgroundWork } from '../../src/background.js';
import { createLogger } from '../../src/lib/logger.js';
import { bearer, type TestApp } from '../helpers/app.js';
import type { SignedUpPatient } from '../helpers/people.js';
import { openSmallClinic, type RegisteredProfessional } from '../helpers/scheduling.js';

let t: TestApp;
let ana: SignedUpPatient;
let pro: RegisteredProfessional;

beforeAll(async () => {
  ({ t, ana, pro } = await openSmallClinic());
});
afterAll(() => t.close());

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Ana books with the professional; the new appointment's id. */
async function book(startsAt: string): Promise<string> {
  const booked = await t.app.inject({
    method: 'POST',
    url: '/api/v1/appointments',
    headers: bearer(ana.session),
    payload: { professional: pro.councilNumber, startsAt },
  });
  expect(booked.statusCode).toBe(201);
  return booked.json<{ id: string }>().id;
}

describe('the background work', () => {
  it('delivers new events at once and marks overdue appointments as no-shows', async () => {
    const id = await book('2026-12-07T08:00:00-03:00');
    // Monday 09:01: half an hour after the end, nobody checked in.
    t.clock.set(new Date('2026-12-07T12:01:00Z'));

    const work = startBackgroundWork(t.services, createLogger('silent'));
    try {
      const status = await until(
        async () =>
          (
            await t.database.sql<{ status: string }[]>`
            select status from appointments where id = ${id}`
          )[0]!.status,
        (value) => value === 'no_show',
      );
      expect(status).toBe('no_show');
      // With no provider configured, the messages are kept in the log as not sent.
      const messages = await until(
        () =>
          t.database.sql<{ status: string; provider: string }[]>`
            select status, provider from notifications
            where kind = 'appointment.booked' and payload->'appointment'->>'appointmentId' = ${id}`,
        (rows) => rows.length > 0 && rows.every((row) => row.status === 'not_sent'),
      );
      expect(messages.length).toBeGreaterThanOrEqual(2);
      expect(messages.every((row) => row.status === 'not_sent' && row.provider === 'log')).toBe(
        true,
      );
    } finally {
      await work.stop();
    }
  });

  it('keeps delivering while the app is answering requests, resting between rounds', async () => {
    const id = await book('2026-12-08T08:00:00-03:00');
    // An app that answered another request every time the worker looked: it always yields.
    let answered = 0;
    const work = startBackgroundWork(t.services, createLogger('silent'), () => ++answered);
    try {
      const messages = await until(
        () =>
          t.database.sql<{ status: string }[]>`
            select status from notifications
            where kind = 'appointment.booked' and payload->'appointment'->>'appointmentId' = ${id}`,
        (rows) => rows.length > 0 && rows.every((row) => row.status === 'not_sent'),
      );
      expect(messages.length).toBeGreaterThanOrEqual(2);
      expect(messages.every((row) => row.status === 'not_sent')).toBe(true);
      expect(answered).toBeGreaterThan(0);
    } finally {
      await work.stop();
    }
  });
});
