import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  assertValidKey,
  type FileStorage,
  type StoredFile,
  type StoredFileStream,
} from './storage.js';

// Patient photos are health data: only the service account may read them.
const DIRECTORY_MODE = 0o700;
const FILE_MODE = 0o600;
const FALLBACK_CONTENT_TYPE = 'application/octet-stream';

// Errors that mean "there is no file under this key" (ENOTDIR: a parent is a file; EISDIR:
// the key names a folder of other keys).
const MISSING = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

/**
 * Files in a folder on this machine, one per key at `<rootDir>/<key>`, holding exactly the bytes
 * that were put. The content type lives in a hidden sidecar next to it,
 * `<folder>/.<name>.meta.json`; keys never have a segment starting with a dot, so sidecars and
 * temporary files cannot collide with a key.
 *
 * Every write goes to a temporary file in the same folder, is fsynced and then renamed over
 * the target, so readers and crashes see the old file or the new one, never half of one. The
 * sidecar is renamed into place before the data, so a visible file always has its content type
 * (a crash in between may pair the old bytes with the new content type, which only matters if
 * a key's content type changes).
 *
 * Unlike S3, a key cannot be both a file and a folder ("a" and "a/b"): putting the second fails.
 */
export class LocalDiskStorage implements FileStorage {
  private readonly rootDir: string;

  constructor(rootDir: string) {
    this.rootDir = path.resolve(rootDir);
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    await writeWithContentType(this.pathOf(key), data, contentType);
  }

  async putFile(key: string, filePath: string, contentType: string): Promise<void> {
    const file = this.pathOf(key);
    // Opened before anything is written, so a missing source leaves the key as it was.
    const source = await fs.open(filePath, 'r');
    try {
      await writeWithContentType(file, source.createReadStream(), contentType);
    } finally {
      // The stream closes the handle when it ends; this covers a write that failed first.
      await source.close();
    }
  }

  async get(key: string): Promise<StoredFile | undefined> {
    const file = this.pathOf(key);
    const data = await ifPresent(fs.readFile(file));
    if (data === undefined) return undefined;
    return { data, contentType: await readContentType(file) };
  }

  async openRead(key: string): Promise<StoredFileStream | undefined> {
    const file = this.pathOf(key);
    // Opening first makes a missing file undefined here rather than a stream error later, and
    // the size comes from the very file that is streamed even if the key is overwritten meanwhile.
    const handle = await ifPresent(fs.open(file, 'r'));
    if (handle === undefined) return undefined;
    try {
      const stats = await handle.stat();
      // POSIX opens a folder for reading; get() sees EISDIR, and so a folder is missing here too.
      if (!stats.isFile()) {
        await handle.close();
        return undefined;
      }
      const contentType = await readContentType(file);
      return { stream: handle.createReadStream(), size: stats.size, contentType };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    // Data first: a crash in between leaves an orphan sidecar, never a file without one.
    await ifPresent(fs.unlink(file));
    await ifPresent(fs.unlink(sidecarOf(file)));
  }

  private pathOf(key: string): string {
    assertValidKey(key);
    return path.join(this.rootDir, ...key.split('/'));
  }
}

function sidecarOf(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.meta.json`);
}

/** Sidecar first, then the data, as the class comment explains; then both renames made durable. */
async function writeWithContentType(
  file: string,
  data: Buffer | Readable,
  contentType: string,
): Promise<void> {
  const folder = path.dirname(file);
  await fs.mkdir(folder, { recursive: true, mode: DIRECTORY_MODE });
  await writeFileAtomically(sidecarOf(file), JSON.stringify({ contentType }));
  await writeFileAtomically(file, data);
  await syncFolder(folder);
}

async function readContentType(file: string): Promise<string> {
  const sidecar = await ifPresent(fs.readFile(sidecarOf(file), 'utf8'));
  if (sidecar === undefined) return FALLBACK_CONTENT_TYPE;
  const parsed = JSON.parse(sidecar) as { contentType?: unknown };
  return typeof parsed.contentType === 'string' ? parsed.contentType : FALLBACK_CONTENT_TYPE;
}

/** A stream is copied chunk by chunk, so a large file never sits in memory whole. */
async function writeFileAtomically(file: string, data: Buffer | string | Readable): Promise<void> {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`,
  );
  try {
    const handle = await fs.open(temp, 'wx', FILE_MODE);
    try {
      await fs.writeFile(handle, data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** Makes the renames durable: without it a power cut can undo them after put() returned. */
async function syncFolder(folder: string): Promise<void> {
  // Windows cannot open a folder to fsync it.
  if (process.platform === 'win32') return;
  const handle = await fs.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function ifPresent<T>(operation: Promise<T>): Promise<T | undefined> {
  try {
    return await operation;
  } catch (error) {
    if (MISSING.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}
