import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import sharp, { type Sharp } from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ChecksumMismatchError,
  EmptyUploadError,
  spoolUpload,
  UnsupportedFileTypeError,
  UploadTooLargeError,
  verifiedStream,
  type AcceptedFileType,
} from '../../src/lib/uploads.js';

const ACCEPT: readonly AcceptedFileType[] = ['application/pdf', 'image/jpeg', 'image/png'];
const MB = 1024 * 1024;

// Each file is made here, so the tests need no binary fixtures.
function image(): Sharp {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } });
}

const PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n'),
);

/** `data` in pieces of `size` bytes, as a slow client or a multipart parser would send it. */
function inChunks(data: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += size) {
    chunks.push(data.subarray(offset, offset + size));
  }
  return Readable.from(chunks);
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What a reader got before the stream failed, and the error it failed with. */
async function readUntilError(stream: Readable): Promise<{ received: number; error: unknown }> {
  let received = 0;
  try {
    for await (const chunk of stream) received += (chunk as Buffer).length;
  } catch (error) {
    return { received, error };
  }
  return { received, error: undefined };
}

describe('spoolUpload', () => {
  let base: string;
  let dir: string;

  beforeEach(async () => {
    base = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-uploads-'));
    dir = path.join(base, 'spool');
  });
  afterEach(() => fs.rm(base, { recursive: true, force: true }));

  const spool = (
    source: Readable,
    options: { maxBytes?: number; isTruncated?: () => boolean } = {},
  ) => spoolUpload(source, { dir, maxBytes: 20 * MB, accept: ACCEPT, ...options });

  it.each([
    { name: 'PDF', make: async () => PDF, contentType: 'application/pdf', extension: 'pdf' },
    {
      name: 'JPEG',
      make: () => image().jpeg().toBuffer(),
      contentType: 'image/jpeg',
      extension: 'jpg',
    },
    {
      name: 'PNG',
      make: () => image().png().toBuffer(),
      contentType: 'image/png',
      extension: 'png',
    },
  ])('recognises a $name by its bytes, even one byte at a time', async (example) => {
    const data = await example.make();

    const spooled = await spool(inChunks(data, 1));

    expect(spooled).toMatchObject({
      contentType: example.contentType,
      extension: example.extension,
      size: data.length,
      sha256: sha256(data),
    });
    expect((await fs.readFile(spooled.path)).equals(data)).toBe(true);
  });

  it('keeps the size and SHA-256 of a large file, private to this user', async () => {
    const data = Buffer.concat([await image().png().toBuffer(), randomBytes(3 * MB)]);

    const spooled = await spool(inChunks(data, 64 * 1024));

    expect(spooled.size).toBe(data.length);
    expect(spooled.sha256).toBe(sha256(data));
    expect(path.dirname(spooled.path)).toBe(dir);
    expect(path.basename(spooled.path)).toMatch(/^upload-[0-9a-f]{32}\.tmp$/);
    expect((await fs.stat(spooled.path)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('discards the temp file, twice without error', async () => {
    const spooled = await spool(inChunks(PDF, 16));

    await spooled.discard();
    await expect(spooled.discard()).resolves.toBeUndefined();

    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('refuses text claiming to be a PDF, whatever its name', async () => {
    const text = Buffer.from('Hemoglobin: 13.5 g/dL\nThis is not a PDF.\n');

    await expect(spool(inChunks(text, 8))).rejects.toThrow(UnsupportedFileTypeError);
    await expect(spool(inChunks(text, 8))).rejects.toThrow('The file must be a PDF, JPEG or PNG.');
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('refuses a type that is recognised but not accepted', async () => {
    const png = await image().png().toBuffer();
    const source = inChunks(png, 100);

    await expect(
      spoolUpload(source, { dir, maxBytes: MB, accept: ['application/pdf'] }),
    ).rejects.toThrow(UnsupportedFileTypeError);
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('refuses more than maxBytes, stops reading and removes the temp file', async () => {
    let chunksRead = 0;
    const source = Readable.from(
      (function* () {
        for (; chunksRead < 100; chunksRead++) yield Buffer.concat([PDF, randomBytes(64 * 1024)]);
      })(),
    );

    const spooling = spool(source, { maxBytes: MB });

    await expect(spooling).rejects.toThrow(UploadTooLargeError);
    await expect(spooling).rejects.toThrow('The file is larger than 1 MB.');
    expect(chunksRead).toBeLessThan(100);
    expect(source.destroyed).toBe(true);
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('accepts exactly maxBytes', async () => {
    const data = Buffer.concat([PDF, Buffer.alloc(1000 - PDF.length, 0x20)]);

    expect((await spool(inChunks(data, 300), { maxBytes: 1000 })).size).toBe(1000);
  });

  it('refuses a file that another limit cut short (multipart truncation)', async () => {
    const spooling = spool(inChunks(PDF, 16), { isTruncated: () => true });

    await expect(spooling).rejects.toThrow(UploadTooLargeError);
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('refuses an empty file', async () => {
    await expect(spool(Readable.from([]))).rejects.toThrow(EmptyUploadError);
    await expect(spool(Readable.from([]))).rejects.toThrow('The file is empty.');
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('removes the temp file when the upload breaks off', async () => {
    const source = Readable.from(
      (function* () {
        yield PDF;
        throw new Error('connection reset');
      })(),
    );

    await expect(spool(source)).rejects.toThrow('connection reset');
    expect(await fs.readdir(dir)).toEqual([]);
  });
});

describe('verifiedStream', () => {
  const data = randomBytes(300 * 1024);
  const expected = { size: data.length, sha256: sha256(data) };

  it('passes intact bytes through unchanged', async () => {
    expect((await readAll(verifiedStream(inChunks(data, 64 * 1024), expected))).equals(data)).toBe(
      true,
    );
  });

  it('fails on a flipped byte without ever delivering the whole file', async () => {
    const corrupted = Buffer.from(data);
    corrupted[corrupted.length - 1]! ^= 0x01;

    const { received, error } = await readUntilError(
      verifiedStream(inChunks(corrupted, 64 * 1024), expected),
    );

    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect(received).toBeLessThan(data.length);
  });

  it('fails on a file shorter than expected', async () => {
    const { error } = await readUntilError(
      verifiedStream(inChunks(data.subarray(0, -1), 64 * 1024), expected),
    );

    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as Error).message).toMatch(/instead of/);
  });

  it('fails on a file longer than expected as soon as it is', async () => {
    const longer = Buffer.concat([data, Buffer.from('x')]);

    const { error } = await readUntilError(verifiedStream(inChunks(longer, 64 * 1024), expected));

    expect(error).toBeInstanceOf(ChecksumMismatchError);
  });

  it('fails on a wrong size even with the right SHA-256', async () => {
    const { error } = await readUntilError(
      verifiedStream(inChunks(data, 64 * 1024), { ...expected, size: data.length + 1 }),
    );

    expect(error).toBeInstanceOf(ChecksumMismatchError);
  });

  it('fails with the error of the source, and destroys the source when the reader stops', async () => {
    const failing = Readable.from(
      (function* () {
        yield data.subarray(0, 1000);
        throw new Error('disk read error');
      })(),
    );
    expect((await readUntilError(verifiedStream(failing, expected))).error).toMatchObject({
      message: 'disk read error',
    });

    const source = inChunks(data, 1024);
    const verified = verifiedStream(source, expected);
    verified.destroy();
    await new Promise((resolve) => source.once('close', resolve));
    expect(source.destroyed).toBe(true);
  });
});
