import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage } from '../../src/lib/storage/index.js';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import {
  registerProfessional as register,
  signUpPatient as signUp,
  type SignedUpPatient,
} from '../helpers/people.js';
import { startS3rver, type LocalS3 } from '../helpers/s3rver.js';

const MB = 1024 * 1024;
const GPS_IFD_POINTER = 0x8825; // the EXIF tag that points at the GPS coordinates

// ---------------------------------------------------------------------------------------------
// Images, made here with sharp so the tests need no binary fixtures.

/** A JPEG as a phone would take it: larger than 512 px, with the camera and GPS in its EXIF. */
function phoneJpeg(width: number, height: number, background: string): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } })
    .withExif({
      IFD0: { Make: 'Acme', Model: 'Phone 12', DateTime: '2024:05:01 09:30:00' },
      IFD3: {
        GPSLatitudeRef: 'S',
        GPSLatitude: '22/1 54/1 0/1',
        GPSLongitudeRef: 'W',
        GPSLongitude: '43/1 10/1 0/1',
      },
    })
    .jpeg()
    .toBuffer();
}

const pngOf = (background: string) =>
  sharp({ create: { width: 64, height: 64, channels: 3, background } })
    .png()
    .toBuffer();

function hasTag(exif: Buffer, tag: number): boolean {
  return (
    exif.includes(Buffer.from([tag >> 8, tag & 0xff])) ||
    exif.includes(Buffer.from([tag & 0xff, tag >> 8]))
  );
}

/** The colour in the middle of an image, as [r, g, b]. */
async function centrePixel(image: Buffer): Promise<number[]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const offset =
    (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
  return [...data.subarray(offset, offset + 3)];
}

function expectColour(actual: number[], expected: number[]) {
  actual.forEach((value, channel) => expect(Math.abs(value - expected[channel]!)).toBeLessThan(10));
}

const RED = [255, 0, 0];
const BLUE = [0, 0, 255];
const GREEN = [0, 128, 0];

// ---------------------------------------------------------------------------------------------
// HTTP helpers.

interface PhotoPart {
  field?: string;
  filename?: string;
  type?: string;
}

function photoForm(data: Buffer, part: PhotoPart = {}): FormData {
  const form = new FormData();
  form.append(
    part.field ?? 'photo',
    new Blob([data], { type: part.type ?? 'image/jpeg' }),
    part.filename ?? 'photo.jpg',
  );
  return form;
}

const authHeaders = (session?: Session) => (session ? bearer(session) : {});

function putPhoto(t: TestApp, url: string, payload: FormData | object, session?: Session) {
  return t.app.inject({ method: 'PUT', url, headers: authHeaders(session), payload });
}

function getPhoto(t: TestApp, url: string, session?: Session) {
  return t.app.inject({ method: 'GET', url, headers: authHeaders(session) });
}

const patientPhotoUrl = (registerNumber: string) => `/api/v1/patients/${registerNumber}/photo`;
const professionalPhotoUrl = (councilNumber: string) =>
  `/api/v1/professionals/${councilNumber}/photo`;

// The shared helpers, called the way this file reads best.
const signUpPatient = (t: TestApp, name: string) => signUp(t, { name });
const registerProfessional = (t: TestApp, admin: Session, digits: string) =>
  register(t, admin, { councilNumber: digits, name: `Dr. ${digits}` });

async function patientPhotoKey(t: TestApp, registerNumber: string): Promise<string | null> {
  const [row] = await t.database.sql<{ photo_key: string | null }[]>`
    select photo_key from patients where register_number = ${registerNumber}`;
  return row!.photo_key;
}

async function professionalPhotoKey(t: TestApp, councilNumber: string): Promise<string | null> {
  const [row] = await t.database.sql<{ photo_key: string | null }[]>`
    select photo_key from professionals where council_number = ${councilNumber}`;
  return row!.photo_key;
}

/** Every file under `dir` (sidecars and temporaries included), relative to it; [] if missing. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  status: number,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status });
}

function expectPhotoFieldError(response: Parameters<typeof expectProblem>[0]) {
  expectProblem(response, 400);
  expect((response.json() as { errors: unknown[] }).errors).toEqual([
    expect.objectContaining({ field: 'photo' }),
  ]);
}

// ---------------------------------------------------------------------------------------------

describe('photos on local disk', () => {
  let t: TestApp;
  let dataDir: string;
  let filesDir: string;
  let admin: Session;
  let alice: SignedUpPatient;
  let bob: SignedUpPatient;
  let doctor: { councilNumber: string; session: Session };
  /** Gives the patient an appointment with the professional, who then attends them. */
  const attend = async (patientUserId: string, councilNumber: string) => {
    await t.database.sql`
      insert into appointments (patient_user_id, professional_user_id, starts_at, ends_at, forced)
      select ${patientUserId}, user_id, now() + interval '1 day', now() + interval '1 day 30 minutes', true
      from professionals where council_number = ${councilNumber}`;
  };
  let otherDoctor: { councilNumber: string; session: Session };

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-photos-'));
    filesDir = path.join(dataDir, 'files');
    t = await createTestApp({ DATA_DIR: dataDir });
    expect(t.config.dataDir).toBe(path.resolve(dataDir));
    admin = await t.login(await t.createUser('admin'));
    alice = await signUpPatient(t, 'Alice Andrade');
    bob = await signUpPatient(t, 'Bruno Barros');
    doctor = await registerProfessional(t, admin, '1234');
    otherDoctor = await registerProfessional(t, admin, '5678');
    expect(doctor.councilNumber).toBe('1234-RJ');
  });
  afterAll(async () => {
    await t?.close();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  describe('a patient’s own photo', () => {
    it('is stored resized, as JPEG, without the EXIF (GPS) of the upload', async () => {
      const upload = await phoneJpeg(1600, 1200, '#ff0000');
      const uploaded = await sharp(upload).metadata();
      // The upload really carries the location, or the test would prove nothing.
      expect(uploaded.exif && hasTag(uploaded.exif, GPS_IFD_POINTER)).toBe(true);
      expect(await patientPhotoKey(t, alice.registerNumber)).toBeNull();

      const put = await putPhoto(
        t,
        patientPhotoUrl(alice.registerNumber),
        photoForm(upload),
        alice.session,
      );
      expect(put.statusCode, put.body).toBe(204);
      expect(put.body).toBe('');

      const record = await t.app.inject({
        url: `/api/v1/patients/${alice.registerNumber}`,
        headers: bearer(alice.session),
      });
      expect(record.statusCode).toBe(200);
      expect(record.json().photoUrl).toBe(patientPhotoUrl(alice.registerNumber));

      const photo = await getPhoto(t, record.json().photoUrl, alice.session);
      expect(photo.statusCode).toBe(200);
      expect(photo.headers['content-type']).toBe('image/jpeg');
      expect(photo.headers['cache-control']).toMatch(/^private\b/);
      expect(photo.headers['cache-control']).not.toMatch(/public/);
      const served = photo.rawPayload;
      const metadata = await sharp(served).metadata();
      expect(metadata).toMatchObject({ format: 'jpeg', width: 512, height: 384 });
      expect(metadata.exif).toBeUndefined();
      expect(metadata.xmp).toBeUndefined();
      for (const trace of ['Exif', 'Acme', 'Phone 12']) expect(served.includes(trace)).toBe(false);
      expectColour(await centrePixel(served), RED);
      // What is served is exactly what was stored, and only that one file is stored.
      const key = (await patientPhotoKey(t, alice.registerNumber))!;
      expect(key).toMatch(new RegExp(`^photos/patients/${alice.userId}/[^/]+\\.jpg$`));
      expect((await t.services.storage.get(key))?.data.equals(served)).toBe(true);
      const files = await filesUnder(path.join(filesDir, 'photos', 'patients', alice.userId));
      expect(files.filter((file) => !path.basename(file).startsWith('.'))).toEqual([
        path.basename(key),
      ]);
    });

    it('accepts a PNG, decided by its content, and serves it as JPEG', async () => {
      const carol = await signUpPatient(t, 'Carla Costa');
      const put = await putPhoto(
        t,
        patientPhotoUrl(carol.registerNumber),
        photoForm(await pngOf('#0000ff'), { filename: 'me.gif', type: 'image/gif' }),
        carol.session,
      );
      expect(put.statusCode, put.body).toBe(204);
      const photo = await getPhoto(t, patientPhotoUrl(carol.registerNumber), carol.session);
      expect(photo.headers['content-type']).toBe('image/jpeg');
      expect(await sharp(photo.rawPayload).metadata()).toMatchObject({
        format: 'jpeg',
        width: 64,
        height: 64,
      });
      expectColour(await centrePixel(photo.rawPayload), BLUE);
    });

    it('is a 404 while there is none', async () => {
      const dora = await signUpPatient(t, 'Dora Dias');
      const photo = await getPhoto(t, patientPhotoUrl(dora.registerNumber), dora.session);
      expectProblem(photo, 404);
    });
  });

  describe('the content decides, not the name or the declared type', () => {
    const notPhotos = [
      {
        name: 'a GIF',
        data: () =>
          sharp({ create: { width: 32, height: 32, channels: 3, background: '#0f0' } })
            .gif()
            .toBuffer(),
      },
      { name: 'a text file', data: async () => Buffer.from('just some text, not a picture\n') },
      {
        name: 'a truncated JPEG',
        data: async () => (await phoneJpeg(400, 300, '#00ff00')).subarray(0, 300),
      },
    ];

    it.each(notPhotos)(
      'rejects $name named photo.jpg, storing nothing for a patient without a photo',
      async ({ data }) => {
        const erin = await signUpPatient(t, 'Erica Esteves');
        const filesBefore = await filesUnder(filesDir);

        const put = await putPhoto(
          t,
          patientPhotoUrl(erin.registerNumber),
          photoForm(await data(), { filename: 'photo.jpg', type: 'image/jpeg' }),
          erin.session,
        );

        expectPhotoFieldError(put);
        expect(await patientPhotoKey(t, erin.registerNumber)).toBeNull();
        const record = await t.app.inject({
          url: `/api/v1/patients/${erin.registerNumber}`,
          headers: bearer(erin.session),
        });
        expect(record.json().photoUrl).toBeNull();
        expect(await filesUnder(filesDir)).toEqual(filesBefore);
      },
    );

    it('rejects a GIF without touching the photo already there', async () => {
      const fabio = await signUpPatient(t, 'Fabio Farias');
      const url = patientPhotoUrl(fabio.registerNumber);
      const first = await putPhoto(t, url, photoForm(await pngOf('#ff0000')), fabio.session);
      expect(first.statusCode).toBe(204);
      const keyBefore = await patientPhotoKey(t, fabio.registerNumber);
      const before = (await getPhoto(t, url, fabio.session)).rawPayload;
      const filesBefore = await filesUnder(filesDir);

      const gif = await sharp({
        create: { width: 32, height: 32, channels: 3, background: '#0000ff' },
      })
        .gif()
        .toBuffer();
      expectPhotoFieldError(await putPhoto(t, url, photoForm(gif), fabio.session));

      expect(await patientPhotoKey(t, fabio.registerNumber)).toBe(keyBefore);
      const after = await getPhoto(t, url, fabio.session);
      expect(after.statusCode).toBe(200);
      expect(after.rawPayload.equals(before)).toBe(true);
      expect(await filesUnder(filesDir)).toEqual(filesBefore);
    });
  });

  describe('malformed uploads', () => {
    it('is a 413 problem past 5 MB, even for a valid JPEG, storing nothing', async () => {
      const jpeg = await phoneJpeg(64, 64, '#ff0000');
      // A real JPEG padded past the limit: only the size can be what rejects it.
      const oversized = Buffer.concat([jpeg, Buffer.alloc(5 * MB + 1 - jpeg.length)]);
      const filesBefore = await filesUnder(filesDir);
      const keyBefore = await patientPhotoKey(t, bob.registerNumber);

      const put = await putPhoto(
        t,
        patientPhotoUrl(bob.registerNumber),
        photoForm(oversized),
        bob.session,
      );

      expectProblem(put, 413);
      expect(await patientPhotoKey(t, bob.registerNumber)).toBe(keyBefore);
      expect(await filesUnder(filesDir)).toEqual(filesBefore);
    });

    it('is a 415 problem for a JSON body', async () => {
      const put = await putPhoto(
        t,
        patientPhotoUrl(bob.registerNumber),
        { photo: 'data:image/jpeg;base64,/9j/4AAQ' },
        bob.session,
      );
      expectProblem(put, 415);
      expect(put.json().detail).toMatch(/multipart\/form-data/);
    });

    it('is a 400 problem naming photo when the form has no file', async () => {
      const put = await putPhoto(
        t,
        patientPhotoUrl(bob.registerNumber),
        new FormData(),
        bob.session,
      );
      expectPhotoFieldError(put);
    });

    it('is a 400 problem naming photo when the file is in another field', async () => {
      const put = await putPhoto(
        t,
        patientPhotoUrl(bob.registerNumber),
        photoForm(await phoneJpeg(64, 64, '#ff0000'), { field: 'picture' }),
        bob.session,
      );
      expectPhotoFieldError(put);
      expect(await patientPhotoKey(t, bob.registerNumber)).toBeNull();
    });

    it('is a 400 problem naming photo when photo is a text field, not a file', async () => {
      const form = new FormData();
      form.append('photo', 'not a file');
      const put = await putPhoto(t, patientPhotoUrl(bob.registerNumber), form, bob.session);
      expectPhotoFieldError(put);
      expect(await patientPhotoKey(t, bob.registerNumber)).toBeNull();
    });
  });

  describe('who may upload and read a patient’s photo', () => {
    let jpeg: Buffer;
    let alicePhoto: Buffer;

    beforeAll(async () => {
      jpeg = await phoneJpeg(200, 200, '#00ff00');
      const put = await putPhoto(
        t,
        patientPhotoUrl(alice.registerNumber),
        photoForm(await phoneJpeg(300, 300, '#ff0000')),
        alice.session,
      );
      expect(put.statusCode).toBe(204);
      alicePhoto = (await getPhoto(t, patientPhotoUrl(alice.registerNumber), alice.session))
        .rawPayload;
    });

    it('another patient gets the same 404 as for a number that does not exist', async () => {
      const url = patientPhotoUrl(alice.registerNumber);
      const keyBefore = await patientPhotoKey(t, alice.registerNumber);

      const upload = await putPhoto(t, url, photoForm(jpeg), bob.session);
      const read = await getPhoto(t, url, bob.session);
      const missing = await getPhoto(t, patientPhotoUrl('QQQQQQ-0'), bob.session);

      expectProblem(upload, 404);
      expectProblem(read, 404);
      expectProblem(missing, 404);
      expect(read.json().detail).toBe(missing.json().detail);
      expect(read.body).not.toContain('Alice');
      expect(await patientPhotoKey(t, alice.registerNumber)).toBe(keyBefore);
      const own = await getPhoto(t, url, alice.session);
      expect(own.rawPayload.equals(alicePhoto)).toBe(true);
    });

    it('anonymous callers get a 401 for both', async () => {
      const url = patientPhotoUrl(alice.registerNumber);
      expectProblem(await putPhoto(t, url, photoForm(jpeg)), 401);
      expectProblem(await getPhoto(t, url), 401);
    });

    it('a professional who attends the patient may read it (200) but not upload (403)', async () => {
      const url = patientPhotoUrl(alice.registerNumber);
      expectProblem(await getPhoto(t, url, doctor.session), 403);
      await attend(alice.userId, doctor.councilNumber);
      const read = await getPhoto(t, url, doctor.session);
      expect(read.statusCode).toBe(200);
      expect(read.headers['content-type']).toBe('image/jpeg');
      expect(read.rawPayload.equals(alicePhoto)).toBe(true);

      expectProblem(await putPhoto(t, url, photoForm(jpeg), doctor.session), 403);
      expect((await getPhoto(t, url, alice.session)).rawPayload.equals(alicePhoto)).toBe(true);
    });

    it('an admin may upload and read it', async () => {
      const gabi = await signUpPatient(t, 'Gabriela Gomes');
      const url = patientPhotoUrl(gabi.registerNumber);
      expect((await putPhoto(t, url, photoForm(jpeg), admin)).statusCode).toBe(204);
      const read = await getPhoto(t, url, admin);
      expect(read.statusCode).toBe(200);
      expectColour(await centrePixel(read.rawPayload), [0, 255, 0]);
      // And the patient sees what the admin uploaded.
      const own = await getPhoto(t, url, gabi.session);
      expect(own.rawPayload.equals(read.rawPayload)).toBe(true);
    });
  });

  describe('who may upload and read a professional’s photo', () => {
    it('the professional may upload their own; anyone signed in may read it', async () => {
      const url = professionalPhotoUrl(doctor.councilNumber);
      const put = await putPhoto(
        t,
        url,
        photoForm(await phoneJpeg(800, 1000, '#0000ff')),
        doctor.session,
      );
      expect(put.statusCode, put.body).toBe(204);

      const profile = await t.app.inject({
        url: `/api/v1/professionals/${doctor.councilNumber}`,
        headers: bearer(alice.session),
      });
      expect(profile.json().photoUrl).toBe(url);

      const reads = await Promise.all(
        [doctor.session, otherDoctor.session, alice.session, admin].map((session) =>
          getPhoto(t, url, session),
        ),
      );
      for (const read of reads) {
        expect(read.statusCode).toBe(200);
        expect(read.headers['content-type']).toBe('image/jpeg');
        expect(read.headers['cache-control']).toMatch(/^private\b/);
        expect(read.rawPayload.equals(reads[0]!.rawPayload)).toBe(true);
      }
      const metadata = await sharp(reads[0]!.rawPayload).metadata();
      expect(metadata).toMatchObject({ format: 'jpeg', width: 410, height: 512 });
      expect(metadata.exif).toBeUndefined();
      // Any case of the council number resolves.
      const lower = await getPhoto(t, professionalPhotoUrl('1234-rj'), alice.session);
      expect(lower.rawPayload.equals(reads[0]!.rawPayload)).toBe(true);
    });

    it('an admin may upload it', async () => {
      const url = professionalPhotoUrl(otherDoctor.councilNumber);
      const put = await putPhoto(t, url, photoForm(await pngOf('#008000')), admin);
      expect(put.statusCode, put.body).toBe(204);
      const read = await getPhoto(t, url, otherDoctor.session);
      expectColour(await centrePixel(read.rawPayload), GREEN);
    });

    it('another professional and patients may not upload (403), anonymous callers neither (401)', async () => {
      const url = professionalPhotoUrl(doctor.councilNumber);
      const keyBefore = await professionalPhotoKey(t, doctor.councilNumber);
      const jpeg = await phoneJpeg(64, 64, '#ff0000');

      expectProblem(await putPhoto(t, url, photoForm(jpeg), otherDoctor.session), 403);
      expectProblem(await putPhoto(t, url, photoForm(jpeg), alice.session), 403);
      expectProblem(await putPhoto(t, url, photoForm(jpeg)), 401);
      // Reading it is public, as the directory is (PUBLIC_DIRECTORY: test/people/public-directory).
      expect((await getPhoto(t, url)).statusCode).toBe(200);
      expect(await professionalPhotoKey(t, doctor.councilNumber)).toBe(keyBefore);
    });

    it('is a 404 for an unknown council number', async () => {
      expectProblem(await getPhoto(t, professionalPhotoUrl('9999-SP'), alice.session), 404);
      const put = await putPhoto(
        t,
        professionalPhotoUrl('9999-SP'),
        photoForm(await pngOf('#ff0000')),
        admin,
      );
      expectProblem(put, 404);
    });
  });

  describe('replacing a photo', () => {
    it('serves the new patient photo and deletes the old file', async () => {
      const hugo = await signUpPatient(t, 'Hugo Henriques');
      const url = patientPhotoUrl(hugo.registerNumber);
      const userDir = path.join(filesDir, 'photos', 'patients', hugo.userId);

      expect(
        (await putPhoto(t, url, photoForm(await pngOf('#ff0000')), hugo.session)).statusCode,
      ).toBe(204);
      const oldKey = (await patientPhotoKey(t, hugo.registerNumber))!;
      const oldFile = path.join(filesDir, ...oldKey.split('/'));
      await expect(fs.stat(oldFile)).resolves.toBeTruthy();
      expectColour(await centrePixel((await getPhoto(t, url, hugo.session)).rawPayload), RED);

      expect(
        (await putPhoto(t, url, photoForm(await pngOf('#0000ff')), hugo.session)).statusCode,
      ).toBe(204);
      const newKey = (await patientPhotoKey(t, hugo.registerNumber))!;

      expect(newKey).not.toBe(oldKey);
      const read = await getPhoto(t, url, hugo.session);
      expectColour(await centrePixel(read.rawPayload), BLUE);
      expect(await t.services.storage.get(oldKey)).toBeUndefined();
      await expect(fs.stat(oldFile)).rejects.toMatchObject({ code: 'ENOENT' });
      // Only the new file and its content-type sidecar are left, no orphans of the old one.
      expect(await filesUnder(userDir)).toEqual(
        [path.basename(newKey), `.${path.basename(newKey)}.meta.json`].sort(),
      );
    });

    it('serves the new professional photo and deletes the old file', async () => {
      const third = await registerProfessional(t, admin, '4321');
      const url = professionalPhotoUrl(third.councilNumber);

      expect(
        (await putPhoto(t, url, photoForm(await pngOf('#ff0000')), third.session)).statusCode,
      ).toBe(204);
      const oldKey = (await professionalPhotoKey(t, third.councilNumber))!;
      expect(await t.services.storage.get(oldKey)).toBeDefined();

      expect((await putPhoto(t, url, photoForm(await pngOf('#0000ff')), admin)).statusCode).toBe(
        204,
      );
      const newKey = (await professionalPhotoKey(t, third.councilNumber))!;

      expect(newKey).not.toBe(oldKey);
      expectColour(await centrePixel((await getPhoto(t, url, third.session)).rawPayload), BLUE);
      expect(await t.services.storage.get(oldKey)).toBeUndefined();
      await expect(fs.stat(path.join(filesDir, ...oldKey.split('/')))).rejects.toMatchObject({
        code: 'ENOENT',
      });
    });
  });

  describe('the audit log', () => {
    const photoEntries = async (registerNumber: string) => {
      const response = await t.app.inject({
        url: `/api/v1/audit?patient=${registerNumber}&pageSize=100`,
        headers: bearer(admin),
      });
      expect(response.statusCode).toBe(200);
      const items = response.json().items as {
        id: number;
        action: string;
        actor: { id: string; role: string } | null;
        patient: { registerNumber: string };
      }[];
      return items
        .filter((item) => item.action.startsWith('patient.photo.'))
        .sort((a, b) => a.id - b.id);
    };

    it('records uploads and reads by others, not the patient’s own', async () => {
      const iris = await signUpPatient(t, 'Iris Inácio');
      const url = patientPhotoUrl(iris.registerNumber);

      expect(
        (await putPhoto(t, url, photoForm(await pngOf('#ff0000')), iris.session)).statusCode,
      ).toBe(204);
      expect((await getPhoto(t, url, iris.session)).statusCode).toBe(200);
      expect(await photoEntries(iris.registerNumber)).toEqual([]);

      await attend(iris.userId, doctor.councilNumber);
      expect((await getPhoto(t, url, doctor.session)).statusCode).toBe(200);
      expect((await putPhoto(t, url, photoForm(await pngOf('#0000ff')), admin)).statusCode).toBe(
        204,
      );
      expect((await getPhoto(t, url, admin)).statusCode).toBe(200);
      // Refused attempts are not reads.
      expect((await getPhoto(t, url, bob.session)).statusCode).toBe(404);
      // The patient's own calls after that still leave no trace.
      expect((await getPhoto(t, url, iris.session)).statusCode).toBe(200);

      const entries = await photoEntries(iris.registerNumber);
      expect(entries.map(({ action, actor, patient }) => ({ action, actor, patient }))).toEqual([
        {
          action: 'patient.photo.read',
          actor: expect.objectContaining({ role: 'professional' }),
          patient: expect.objectContaining({ registerNumber: iris.registerNumber }),
        },
        {
          action: 'patient.photo.update',
          actor: expect.objectContaining({ role: 'admin' }),
          patient: expect.objectContaining({ registerNumber: iris.registerNumber }),
        },
        {
          action: 'patient.photo.read',
          actor: expect.objectContaining({ role: 'admin' }),
          patient: expect.objectContaining({ registerNumber: iris.registerNumber }),
        },
      ]);
    });
  });
});

describe('photos in S3 (s3rver)', () => {
  let s3: LocalS3;
  let dataDir: string;
  let t: TestApp;

  beforeAll(async () => {
    s3 = await startS3rver();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-photos-data-'));
    t = await createTestApp({
      DATA_DIR: dataDir,
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
  });
  afterAll(async () => {
    await t?.close(); // closes the app's S3 client too
    await s3?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('stores the photo in the bucket and serves it back through the routes', async () => {
    expect(t.services.storage).toBeInstanceOf(S3Storage);
    const jana = await signUpPatient(t, 'Joana Jardim');
    const url = patientPhotoUrl(jana.registerNumber);

    const put = await putPhoto(
      t,
      url,
      photoForm(await phoneJpeg(1024, 768, '#ff0000')),
      jana.session,
    );
    expect(put.statusCode, put.body).toBe(204);

    const photo = await getPhoto(t, url, jana.session);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.headers['cache-control']).toMatch(/^private\b/);
    const metadata = await sharp(photo.rawPayload).metadata();
    expect(metadata).toMatchObject({ format: 'jpeg', width: 512, height: 384 });
    expect(metadata.exif).toBeUndefined();
    expectColour(await centrePixel(photo.rawPayload), RED);

    // It is the bucket's object that was served, and nothing went to the local disk.
    const key = (await patientPhotoKey(t, jana.registerNumber))!;
    const stored = await t.services.storage.get(key);
    expect(stored).toMatchObject({ contentType: 'image/jpeg' });
    expect(stored!.data.equals(photo.rawPayload)).toBe(true);
    expect(await filesUnder(path.join(dataDir, 'files'))).toEqual([]);

    // A professional's photo goes the same way.
    const admin = await t.login(await t.createUser('admin'));
    const doctor = await registerProfessional(t, admin, '2468');
    const professionalUrl = professionalPhotoUrl(doctor.councilNumber);
    expect(
      (await putPhoto(t, professionalUrl, photoForm(await pngOf('#0000ff')), doctor.session))
        .statusCode,
    ).toBe(204);
    const professionalPhoto = await getPhoto(t, professionalUrl, jana.session);
    expect(professionalPhoto.statusCode).toBe(200);
    expectColour(await centrePixel(professionalPhoto.rawPayload), BLUE);
  });

  it('deletes the replaced object from the bucket', async () => {
    const kiko = await signUpPatient(t, 'Kiko Kato');
    const url = patientPhotoUrl(kiko.registerNumber);
    expect(
      (await putPhoto(t, url, photoForm(await pngOf('#ff0000')), kiko.session)).statusCode,
    ).toBe(204);
    const oldKey = (await patientPhotoKey(t, kiko.registerNumber))!;
    expect(await t.services.storage.get(oldKey)).toBeDefined();

    expect(
      (await putPhoto(t, url, photoForm(await pngOf('#0000ff')), kiko.session)).statusCode,
    ).toBe(204);

    expect(await t.services.storage.get(oldKey)).toBeUndefined();
    expectColour(await centrePixel((await getPhoto(t, url, kiko.session)).rawPayload), BLUE);
  });
});
