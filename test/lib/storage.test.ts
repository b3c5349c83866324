import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertValidKey,
  createStorage,
  LocalDiskStorage,
  S3Storage,
  type FileStorage,
} from '../../src/lib/storage/index.js';
import { startS3rver } from '../helpers/s3rver.js';

const BUCKET = 'clinicdesk-test';

interface Backend {
  storage: FileStorage;
  stop(): Promise<void>;
}

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-storage-'));
}

async function startLocalDisk(): Promise<Backend> {
  const dir = await tempDir();
  return {
    storage: new LocalDiskStorage(path.join(dir, 'files')),
    stop: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

async function startS3(): Promise<Backend & { endpoint: string }> {
  const s3 = await startS3rver(BUCKET);
  const storage = s3Storage(s3.endpoint, BUCKET);
  return {
    storage,
    endpoint: s3.endpoint,
    stop: async () => {
      storage.close();
      await s3.stop();
    },
  };
}

function s3Storage(endpoint: string, bucket: string): S3Storage {
  return new S3Storage({
    bucket,
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    accessKeyId: 'S3RVER', // s3rver's built-in credentials
    secretAccessKey: 'S3RVER',
  });
}

const photoKey = (name = 'display.jpg') => `photos/patients/${randomUUID()}/${name}`;
const reportKey = (name = 'result.pdf') => `lab-reports/${randomUUID()}/${name}`;
const MB = 1024 * 1024;

/** A file of `data` in `dir`, as an upload spooled to disk would be. */
async function localFile(dir: string, data: Buffer): Promise<string> {
  const file = path.join(dir, randomUUID());
  await fs.writeFile(file, data);
  return file;
}

async function readChunks(stream: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return chunks;
}

describe('storage keys', () => {
  it.each([
    'photos/patients/0b5c3c1e-8f4a-4a57-9d7e-2f1f0a7c6b1d/display.jpg',
    'a',
    'a/b/c_d-e.f',
    'x'.repeat(200),
  ])('accepts %s', (key) => {
    expect(() => assertValidKey(key)).not.toThrow();
  });

  it.each([
    ['', /must not be empty/],
    ['x'.repeat(201), /at most 200 characters/],
    ['../x', /must not contain "\.\."/],
    ['a/../../etc/passwd', /must not contain "\.\."/],
    ['a/b..c', /must not contain "\.\."/],
    ['/abs', /must not start with "\/"/],
    ['a//b', /empty segments/],
    ['a/b/', /empty segments/],
    ['./a', /start with "\."/],
    ['a/.hidden', /start with "\."/],
    ['a\\b', /may only contain/],
    ['a b', /may only contain/],
    ['fotos/joão.jpg', /may only contain/],
    ['a?b=c', /may only contain/],
    ['a%2e%2e/b', /may only contain/],
    ['a\nb', /may only contain/],
  ])('rejects %j', (key, reason) => {
    expect(() => assertValidKey(key)).toThrow(reason);
  });
});

describe.each([
  { name: 'LocalDiskStorage', start: startLocalDisk },
  { name: 'S3Storage (s3rver)', start: startS3 },
])('$name', ({ start }) => {
  let backend: Backend;
  let storage: FileStorage;
  let sourceDir: string;

  beforeAll(async () => {
    backend = await start();
    storage = backend.storage;
    sourceDir = await tempDir();
  });
  afterAll(async () => {
    await backend?.stop();
    if (sourceDir) await fs.rm(sourceDir, { recursive: true, force: true });
  });

  it('returns what was put, bytes and content type', async () => {
    const key = photoKey();
    const data = Buffer.from([0x00, 0xff, 0xd8, 0x0a, 0x0d, 0x00, 0x7f, 0x80]);

    await storage.put(key, data, 'image/jpeg');

    expect(await storage.get(key)).toEqual({ data, contentType: 'image/jpeg' });
  });

  it('returns a 1 MB object byte for byte', async () => {
    const key = photoKey();
    const data = randomBytes(1024 * 1024);

    await storage.put(key, data, 'application/octet-stream');

    const stored = await storage.get(key);
    expect(stored?.data.length).toBe(data.length);
    expect(stored?.data.equals(data)).toBe(true);
  });

  it('stores an empty file', async () => {
    const key = photoKey('empty.bin');
    await storage.put(key, Buffer.alloc(0), 'application/octet-stream');

    expect(await storage.get(key)).toEqual({
      data: Buffer.alloc(0),
      contentType: 'application/octet-stream',
    });
  });

  it('overwrites, content type included', async () => {
    const key = photoKey();
    await storage.put(key, Buffer.from('first version, longer than the second'), 'text/plain');
    await storage.put(key, Buffer.from('second'), 'image/png');

    expect(await storage.get(key)).toEqual({
      data: Buffer.from('second'),
      contentType: 'image/png',
    });
  });

  it('keeps keys apart', async () => {
    const [a, b] = [photoKey('a.jpg'), photoKey('b.jpg')];
    await storage.put(a, Buffer.from('a'), 'image/jpeg');
    await storage.put(b, Buffer.from('b'), 'image/jpeg');

    expect((await storage.get(a))?.data.toString()).toBe('a');
    expect((await storage.get(b))?.data.toString()).toBe('b');
  });

  it('returns undefined for a missing key', async () => {
    expect(await storage.get(photoKey())).toBeUndefined();
  });

  it('deletes, and deleting a missing key is not an error', async () => {
    const key = photoKey();
    await storage.put(key, Buffer.from('x'), 'image/jpeg');

    await storage.delete(key);

    expect(await storage.get(key)).toBeUndefined();
    await expect(storage.delete(key)).resolves.toBeUndefined();
    await expect(storage.delete(photoKey())).resolves.toBeUndefined();
  });

  it('streams a local file in and out byte for byte, with its size and content type', async () => {
    const key = reportKey();
    const data = randomBytes(3 * MB + 123);

    await storage.putFile(key, await localFile(sourceDir, data), 'application/pdf');

    const opened = await storage.openRead(key);
    expect(opened?.size).toBe(data.length);
    expect(opened?.contentType).toBe('application/pdf');
    expect(Buffer.concat(await readChunks(opened!.stream)).equals(data)).toBe(true);
    // Both ways of writing and reading meet in the same stored file.
    expect((await storage.get(key))?.data.equals(data)).toBe(true);
  });

  it('opens what put stored, an empty file included', async () => {
    const [key, emptyKey] = [photoKey(), photoKey('empty.bin')];
    await storage.put(key, Buffer.from('photo'), 'image/jpeg');
    await storage.put(emptyKey, Buffer.alloc(0), 'application/octet-stream');

    const opened = await storage.openRead(key);
    expect(opened).toMatchObject({ size: 5, contentType: 'image/jpeg' });
    expect(Buffer.concat(await readChunks(opened!.stream)).toString()).toBe('photo');
    const empty = await storage.openRead(emptyKey);
    expect(empty?.size).toBe(0);
    expect(await readChunks(empty!.stream)).toEqual([]);
  });

  it('streams a 10 MB file in several chunks of at most 1 MB, not as one buffer', async () => {
    const key = reportKey();
    const data = randomBytes(10 * MB);
    await storage.putFile(key, await localFile(sourceDir, data), 'application/pdf');

    const opened = await storage.openRead(key);
    const chunks = await readChunks(opened!.stream);

    expect(chunks.length).toBeGreaterThan(1);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThanOrEqual(MB);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });

  it('overwrites with putFile, content type included', async () => {
    const key = reportKey();
    const second = randomBytes(200_000);
    await storage.putFile(key, await localFile(sourceDir, randomBytes(MB)), 'application/pdf');
    await storage.putFile(key, await localFile(sourceDir, second), 'image/png');

    const opened = await storage.openRead(key);
    expect(opened).toMatchObject({ size: second.length, contentType: 'image/png' });
    expect(Buffer.concat(await readChunks(opened!.stream)).equals(second)).toBe(true);
  });

  it('fails putFile of a missing local file and leaves the key as it was', async () => {
    const key = reportKey();
    await storage.put(key, Buffer.from('kept'), 'application/pdf');

    await expect(
      storage.putFile(key, path.join(sourceDir, 'no-such-file'), 'image/png'),
    ).rejects.toThrow(/ENOENT/);

    expect(await storage.get(key)).toEqual({
      data: Buffer.from('kept'),
      contentType: 'application/pdf',
    });
  });

  it('opens nothing for a missing key', async () => {
    expect(await storage.openRead(reportKey())).toBeUndefined();
  });

  it.each(['../x', '/abs', 'a//b', 'a/./b', 'photos/<script>.jpg', 'a b', ''])(
    'rejects the invalid key %j in every operation',
    async (key) => {
      await expect(storage.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(
        /invalid storage key/,
      );
      const file = await localFile(sourceDir, Buffer.from('x'));
      await expect(storage.putFile(key, file, 'text/plain')).rejects.toThrow(/invalid storage key/);
      await expect(storage.get(key)).rejects.toThrow(/invalid storage key/);
      await expect(storage.openRead(key)).rejects.toThrow(/invalid storage key/);
      await expect(storage.delete(key)).rejects.toThrow(/invalid storage key/);
    },
  );
});

describe('LocalDiskStorage on disk', () => {
  let dir: string;
  let root: string;
  let storage: LocalDiskStorage;

  beforeAll(async () => {
    dir = await tempDir();
    root = path.join(dir, 'files');
    storage = new LocalDiskStorage(root);
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  async function filesUnder(folder: string): Promise<string[]> {
    const entries = await fs.readdir(folder, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
      .sort();
  }

  it('keeps each file at <root>/<key>, private to this user, with no temporary files left', async () => {
    const uuid = randomUUID();
    const key = `photos/patients/${uuid}/display.jpg`;
    const data = randomBytes(10_000);

    await storage.put(key, data, 'image/jpeg');
    await storage.put(key, randomBytes(5_000), 'image/jpeg');
    await storage.put(key, data, 'image/jpeg');

    const file = path.join(root, 'photos', 'patients', uuid, 'display.jpg');
    expect((await fs.readFile(file)).equals(data)).toBe(true);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    for (const folder of [root, path.join(root, 'photos'), path.dirname(file)]) {
      expect((await fs.stat(folder)).mode & 0o777).toBe(0o700);
    }
    // The data file and its content-type sidecar, nothing else.
    expect(await filesUnder(root)).toEqual([
      `photos/patients/${uuid}/.display.jpg.meta.json`,
      `photos/patients/${uuid}/display.jpg`,
    ]);
    const sidecar = path.join(path.dirname(file), '.display.jpg.meta.json');
    expect((await fs.stat(sidecar)).mode & 0o777).toBe(0o600);
  });

  // Our temp-file-and-rename gives this; on S3 a PUT is atomic by the provider's
  // guarantee, which s3rver (a file-streaming fake) does not reproduce.
  it('ends with one whole version after concurrent writes to a key', async () => {
    const key = photoKey();
    const versions = Array.from({ length: 8 }, (_, i) => Buffer.alloc(64 * 1024, i));

    await Promise.all(versions.map((data) => storage.put(key, data, 'image/jpeg')));

    const stored = await storage.get(key);
    expect(versions.some((data) => data.equals(stored!.data))).toBe(true);
  });

  it('keeps a putFile private at <root>/<key>, with no temporary files left after overwrites', async () => {
    const uuid = randomUUID();
    const key = `lab-reports/${uuid}/result.pdf`;
    const data = randomBytes(2 * MB);
    const source = await localFile(dir, data);

    await storage.putFile(key, source, 'application/pdf');
    await storage.putFile(key, await localFile(dir, randomBytes(MB)), 'application/pdf');
    await storage.putFile(key, source, 'application/pdf');

    const file = path.join(root, 'lab-reports', uuid, 'result.pdf');
    expect((await fs.readFile(file)).equals(data)).toBe(true);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(await filesUnder(path.dirname(file))).toEqual([
      `lab-reports/${uuid}/.result.pdf.meta.json`,
      `lab-reports/${uuid}/result.pdf`,
    ]);
  });

  it('ends with one whole version after concurrent putFile calls to a key', async () => {
    const key = reportKey();
    const versions = Array.from({ length: 6 }, (_, i) => Buffer.alloc(512 * 1024, i));
    const sources = await Promise.all(versions.map((data) => localFile(dir, data)));

    await Promise.all(sources.map((source) => storage.putFile(key, source, 'application/pdf')));

    const opened = await storage.openRead(key);
    const stored = Buffer.concat(await readChunks(opened!.stream));
    expect(versions.some((data) => data.equals(stored))).toBe(true);
  });

  it('opens nothing for a key that is a folder of other keys', async () => {
    const parent = `lab-reports/${randomUUID()}`;
    await storage.put(`${parent}/result.pdf`, Buffer.from('x'), 'application/pdf');

    expect(await storage.openRead(parent)).toBeUndefined();
  });

  it('removes the sidecar with the file', async () => {
    const uuid = randomUUID();
    const key = `photos/professionals/${uuid}/display.jpg`;
    await storage.put(key, Buffer.from('x'), 'image/jpeg');

    await storage.delete(key);

    expect(await filesUnder(path.join(root, 'photos', 'professionals', uuid))).toEqual([]);
  });

  it('reads a file put there by hand as application/octet-stream', async () => {
    await fs.mkdir(path.join(root, 'manual'), { recursive: true });
    await fs.writeFile(path.join(root, 'manual', 'note.txt'), 'hello');

    expect(await storage.get('manual/note.txt')).toEqual({
      data: Buffer.from('hello'),
      contentType: 'application/octet-stream',
    });
  });
});

describe('S3Storage errors', () => {
  let backend: Backend & { endpoint: string };

  beforeAll(async () => {
    backend = await startS3();
  });
  afterAll(() => backend?.stop());

  it('reports a missing bucket instead of treating it as a missing file', async () => {
    const storage = s3Storage(backend.endpoint, 'no-such-bucket');
    try {
      await expect(storage.get(photoKey())).rejects.toThrow(/bucket/i);
    } finally {
      storage.close();
    }
  });
});

describe('createStorage', () => {
  it('uses <dataDir>/files on this machine without S3 settings', async () => {
    const dir = await tempDir();
    try {
      const storage = createStorage({ dataDir: dir });
      expect(storage).toBeInstanceOf(LocalDiskStorage);

      await storage.put('a/b.txt', Buffer.from('x'), 'text/plain');

      expect(await fs.readFile(path.join(dir, 'files', 'a', 'b.txt'), 'utf8')).toBe('x');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('uses the bucket when S3 settings are given', () => {
    const s3 = { bucket: BUCKET, region: 'us-east-1', forcePathStyle: true };
    const storage = createStorage({ dataDir: '/nonexistent', s3 });
    expect(storage).toBeInstanceOf(S3Storage);
    (storage as S3Storage).close();
  });
});
