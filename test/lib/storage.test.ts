import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
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

  beforeAll(async () => {
    backend = await start();
    storage = backend.storage;
  });
  afterAll(() => backend?.stop());

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

  it.each(['../x', '/abs', 'a//b', 'a/./b', 'photos/<script>.jpg', 'a b', ''])(
    'rejects the invalid key %j in every operation',
    async (key) => {
      await expect(storage.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(
        /invalid storage key/,
      );
      await expect(storage.get(key)).rejects.toThrow(/invalid storage key/);
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
