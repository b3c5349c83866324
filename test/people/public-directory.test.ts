import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { as } from '../helpers/requests.js';
import {
  SAO_PAULO_CLINIC,
  setAvailability,
  SUNDAY_MORNING,
  WEEKDAY_MORNINGS,
  type RegisteredProfessional,
} from '../helpers/scheduling.js';

let t: TestApp;
let dataDir: string;
let admin: Session;
let patient: SignedUpPatient;
let cardiologist: RegisteredProfessional;
let retired: RegisteredProfessional;

/** What only admins and the professional see: a signed-out caller must never get any of it. */
const PRIVATE_FIELDS = ['email', 'phone', 'address', 'birthDate', 'cpf', 'active', 'postCode'];

function multipartPhoto(file: Buffer) {
  const boundary = 'directoryboundary';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p.jpg"\r\n` +
          'Content-Type: image/jpeg\r\n\r\n',
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-directory-'));
  t = await createTestApp({ ...SAO_PAULO_CLINIC, DATA_DIR: dataDir });
  t.clock.set(SUNDAY_MORNING);
  admin = await t.login(await t.createUser('admin'));
  patient = await signUpPatient(t);
  cardiologist = await registerProfessional(t, admin, {
    name: 'Dra. Helena Prado',
    specialty: 'Cardiologia',
    birthDate: '1980-03-02',
    experienceYears: 15,
    officeNumber: '204',
    bio: 'Cardiologista clínica.',
    phone: '+55 21 97777-1234',
  });
  retired = await registerProfessional(t, admin, {
    name: 'Dr. Otávio Reis',
    specialty: 'Pediatria',
  });
  for (const professional of [cardiologist, retired]) {
    await setAvailability(t, admin, professional.councilNumber, WEEKDAY_MORNINGS);
  }
  const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'teal' } })
    .jpeg()
    .toBuffer();
  for (const professional of [cardiologist, retired]) {
    const { payload, headers } = multipartPhoto(photo);
    const uploaded = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/professionals/${professional.councilNumber}/photo`,
      headers: { ...headers, ...bearer(admin) },
      payload,
    });
    expect(uploaded.statusCode).toBe(204);
  }
  const deactivated = await as(t, admin).delete(`/api/v1/professionals/${retired.councilNumber}`);
  expect(deactivated.statusCode).toBe(204);
});
afterAll(async () => {
  await t?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

/** Every public read of the directory, as its web page makes them. */
const directoryReads = () => [
  '/api/v1/specialties',
  '/api/v1/professionals',
  '/api/v1/professionals?specialty=cardiologia',
  '/api/v1/professionals?q=Helena',
  `/api/v1/professionals?q=${cardiologist.councilNumber.slice(0, 4)}`,
  `/api/v1/professionals/${cardiologist.councilNumber}`,
  `/api/v1/professionals/${cardiologist.councilNumber}/slots`,
  '/api/v1/slots?specialty=Cardiologia',
];

/** Every key of a JSON answer, however deep. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
}

describe('the public directory, signed out', () => {
  it('answers only the public profile: no contact, address, birth date or account state', async () => {
    const answers: LightMyRequestResponse[] = [];
    for (const url of directoryReads()) {
      const response = await as(t).get(url);
      expect(response.statusCode, url).toBe(200);
      answers.push(response);
      const keys = keysOf(response.json());
      for (const field of PRIVATE_FIELDS) expect(keys, `${url} ${field}`).not.toContain(field);
      expect(response.body, url).not.toContain(cardiologist.email);
      expect(response.body, url).not.toMatch(/97777|1980-03-02|20031/);
    }
    const profile = answers[5]!.json();
    expect(profile).toMatchObject({
      councilNumber: cardiologist.councilNumber,
      name: 'Dra. Helena Prado',
      specialty: 'Cardiologia',
      experienceYears: 15,
      officeNumber: '204',
      bio: 'Cardiologista clínica.',
      photoUrl: `/api/v1/professionals/${encodeURIComponent(cardiologist.councilNumber)}/photo`,
    });
    // Never more than a signed-in patient sees.
    const asPatient = await as(t, patient.session).get(
      `/api/v1/professionals/${cardiologist.councilNumber}`,
    );
    expect(profile).toEqual(asPatient.json());
    const photo = await as(t).get(profile.photoUrl);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
  });

  it('knows nothing of a deactivated professional, while the clinic’s patients still may', async () => {
    const listed = await as(t).get('/api/v1/professionals');
    expect(listed.json().items.map((item: { name: string }) => item.name)).toEqual([
      'Dra. Helena Prado',
    ]);
    const specialties = await as(t).get('/api/v1/specialties');
    expect(specialties.json()).toEqual([{ name: 'Cardiologia', professionals: 1 }]);
    for (const suffix of ['', '/photo', '/slots']) {
      const url = `/api/v1/professionals/${retired.councilNumber}${suffix}`;
      const response = await as(t).get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().detail).toBe('There is no professional with this council number.');
    }
    const forPatient = await as(t, patient.session).get(
      `/api/v1/professionals/${retired.councilNumber}`,
    );
    expect(forPatient.statusCode).toBe(200);
  });

  it('tells the web app that the directory is public', async () => {
    const clinic = await as(t).get('/api/v1/clinic');
    expect(clinic.json().publicDirectory).toBe(true);
  });

  it('reads as signed out with a session that has expired, rather than refusing', async () => {
    const response = await as(t, { token: 'no-such-session-token' }).get('/api/v1/specialties');
    expect(response.statusCode).toBe(200);
  });

  it('limits one signed-out address, never a signed-in caller from it', async () => {
    const from = (session?: Session) => ({
      method: 'GET' as const,
      url: '/api/v1/specialties',
      remoteAddress: '203.0.113.7',
      headers: session ? bearer(session) : {},
    });
    let answered = 0;
    let refused: LightMyRequestResponse | undefined;
    while (!refused && answered < 400) {
      const response = await t.app.inject(from());
      if (response.statusCode === 429) refused = response;
      else answered += 1;
    }
    expect(answered).toBe(300);
    expect(refused!.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
    expect(refused!.json().detail).toBe('Too many requests from here. Try again in a moment.');
    expect((await t.app.inject(from(patient.session))).statusCode).toBe(200);
    // Another address is counted apart.
    expect((await as(t).get('/api/v1/specialties')).statusCode).toBe(200);
  });
});

describe('the directory kept private (PUBLIC_DIRECTORY=false)', () => {
  it('asks signed-out callers to sign in, and says so to the web app', async () => {
    const closed = await createTestApp(
      { ...SAO_PAULO_CLINIC, DATA_DIR: dataDir, PUBLIC_DIRECTORY: 'false' },
      t,
    );
    try {
      for (const url of [
        ...directoryReads(),
        `/api/v1/professionals/${cardiologist.councilNumber}/photo`,
      ]) {
        expect((await as(closed).get(url)).statusCode, url).toBe(401);
        expect((await as(closed, patient.session).get(url)).statusCode, url).toBe(200);
      }
      expect((await as(closed).get('/api/v1/clinic')).json().publicDirectory).toBe(false);
      const expired = await as(closed, { token: 'no-such-session-token' }).get(
        '/api/v1/specialties',
      );
      expect(expired.statusCode).toBe(401);
      expect(expired.json().detail).toMatch(/expired/);
    } finally {
      await closed.close();
    }
  });
});
