import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  pipeline as pipeStreams,
  Transform,
  type Readable,
  type TransformCallback,
} from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type AcceptedFileType = 'application/pdf' | 'image/jpeg' | 'image/png';

const EXTENSIONS: Readonly<Record<AcceptedFileType, 'pdf' | 'jpg' | 'png'>> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/** The file name extension of an accepted type (a stored file's download name ends with it). */
export function extensionOf(contentType: string): string | undefined {
  return (EXTENSIONS as Record<string, string>)[contentType];
}

// As much as file-type reads from a file to recognise it (its "reasonable detection size").
const SNIFF_BYTES = 4100;
// Uploads are health data until they are stored: only the service account may read them.
const DIRECTORY_MODE = 0o700;
const FILE_MODE = 0o600;
const MEGABYTE = 1024 * 1024;

export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${Number((maxBytes / MEGABYTE).toPrecision(3))} MB.`);
    this.name = 'UploadTooLargeError';
  }
}

export class UnsupportedFileTypeError extends Error {
  constructor() {
    super('The file must be a PDF, JPEG or PNG.');
    this.name = 'UnsupportedFileTypeError';
  }
}

export class EmptyUploadError extends Error {
  constructor() {
    super('The file is empty.');
    this.name = 'EmptyUploadError';
  }
}

export class ChecksumMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChecksumMismatchError';
  }
}

export interface SpooledFile {
  /** A temporary file inside the `dir` given to spoolUpload, mode 0600. */
  path: string;
  size: number;
  /** Lowercase hex. */
  sha256: string;
  /** Decided by the bytes (magic numbers), never by the name or type the client claimed. */
  contentType: AcceptedFileType;
  extension: 'pdf' | 'jpg' | 'png';
  /** Removes the temp file; safe to call twice. */
  discard(): Promise<void>;
}

export interface SpoolOptions {
  /** Created 0700 if missing. */
  dir: string;
  maxBytes: number;
  accept: readonly AcceptedFileType[];
  /**
   * Checked once `source` has ended: true means it stopped short because of another limit, as
   * `@fastify/multipart` does at `limits.fileSize` (`() => part.file.truncated`).
   */
  isTruncated?: () => boolean;
}

/**
 * Streams `source` to a temp file in `dir`, hashing as it goes. Refuses more than `maxBytes`
 * (stops reading at once), an empty file, or a type not in `accept`. On any failure the temp
 * file is gone; on success the caller owns it and must `discard()` it.
 */
export async function spoolUpload(source: Readable, options: SpoolOptions): Promise<SpooledFile> {
  await fs.mkdir(options.dir, { recursive: true, mode: DIRECTORY_MODE });
  // Random, never the client's file name: nothing the client sends ends up in a path.
  const file = path.join(options.dir, `upload-${randomBytes(16).toString('hex')}.tmp`);
  const discard = () => fs.rm(file, { force: true });
  try {
    const meter = new UploadMeter(options.maxBytes);
    await pipeline(source, meter, createWriteStream(file, { flags: 'wx', mode: FILE_MODE }));
    if (options.isTruncated?.()) throw new UploadTooLargeError(options.maxBytes);
    if (meter.tally.size === 0) throw new EmptyUploadError();
    const contentType = await detectType(meter.head(), options.accept);
    return {
      path: file,
      size: meter.tally.size,
      sha256: meter.tally.sha256(),
      contentType,
      extension: EXTENSIONS[contentType],
      discard,
    };
  } catch (error) {
    await discard();
    throw error;
  }
}

/**
 * Passes `source` through, failing the returned stream with ChecksumMismatchError when the
 * bytes do not have the expected size and SHA-256. The last chunk is held back until the whole
 * has been checked, so a corrupted stored file is never delivered complete.
 */
export function verifiedStream(
  source: Readable,
  expected: { size: number; sha256: string },
): Readable {
  const tally = new Tally();
  let held: Buffer | undefined;
  const check = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      tally.add(chunk);
      // Longer than it should be is known at once: no need to send the rest.
      if (tally.size > expected.size) {
        callback(mismatch(`more than the expected ${expected.size} bytes`));
        return;
      }
      const previous = held;
      held = chunk;
      callback(null, previous);
    },
    flush(callback: TransformCallback) {
      if (tally.size !== expected.size) {
        callback(mismatch(`${tally.size} bytes instead of ${expected.size}`));
      } else if (tally.sha256() !== expected.sha256.toLowerCase()) {
        callback(mismatch('a different SHA-256'));
      } else {
        callback(null, held);
      }
    },
  });
  // pipeline, not pipe: a failing source fails `check` too, and destroying `check` (a client
  // that went away) destroys the source, closing its file or connection. Errors reach the
  // reader through `check`, so the callback has nothing left to do.
  pipeStreams(source, check, () => {});
  return check;
}

function mismatch(detail: string): ChecksumMismatchError {
  return new ChecksumMismatchError(`The stored file is corrupted: it has ${detail}.`);
}

async function detectType(
  head: Buffer,
  accept: readonly AcceptedFileType[],
): Promise<AcceptedFileType> {
  // Loaded with the first upload: its detectors are of no use to a process that takes none.
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(head);
  const accepted = accept.find((type) => type === detected?.mime);
  if (accepted === undefined) throw new UnsupportedFileTypeError();
  return accepted;
}

/** Size and SHA-256 of the bytes seen so far. */
class Tally {
  size = 0;
  private readonly hash = createHash('sha256');

  add(chunk: Buffer): void {
    this.size += chunk.length;
    this.hash.update(chunk);
  }

  /** Hex; call once, at the end. */
  sha256(): string {
    return this.hash.digest('hex');
  }
}

/** Tallies what flows through and keeps its first bytes for type detection. */
class UploadMeter extends Transform {
  readonly tally = new Tally();
  private readonly headChunks: Buffer[] = [];
  private headSize = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.tally.add(chunk);
    // Failing here makes pipeline destroy the source: the rest is never read.
    if (this.tally.size > this.maxBytes) {
      callback(new UploadTooLargeError(this.maxBytes));
      return;
    }
    this.keepHead(chunk);
    callback(null, chunk);
  }

  head(): Buffer {
    return Buffer.concat(this.headChunks, this.headSize);
  }

  private keepHead(chunk: Buffer): void {
    if (this.headSize >= SNIFF_BYTES) return;
    // A copy: the slice would otherwise pin the whole chunk's memory.
    const part = Buffer.from(chunk.subarray(0, SNIFF_BYTES - this.headSize));
    this.headChunks.push(part);
    this.headSize += part.length;
  }
}
