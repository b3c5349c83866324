import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { assertValidKey, type FileStorage, type StoredFile } from './storage.js';

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
    const file = this.pathOf(key);
    const folder = path.dirname(file);
    await fs.mkdir(folder, { recursive: true, mode: DIRECTORY_MODE });
    await writeFileAtomically(sidecarOf(file), JSON.stringify({ contentType }));
    await writeFileAtomically(file, data);
    await syncFolder(folder);
  }

  async get(key: string): Promise<StoredFile | undefined> {
    const file = this.pathOf(key);
    const data = await ifPresent(fs.readFile(file));
    if (data === undefined) return undefined;
    const sidecar = await ifPresent(fs.readFile(sidecarOf(file), 'utf8'));
    return { data, contentType: parseContentType(sidecar) };
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

function parseContentType(sidecar: string | undefined): string {
  if (sidecar === undefined) return FALLBACK_CONTENT_TYPE;
  const parsed = JSON.parse(sidecar) as { contentType?: unknown };
  return typeof parsed.contentType === 'string' ? parsed.contentType : FALLBACK_CONTENT_TYPE;
}

async function writeFileAtomically(file: string, data: Buffer | string): Promise<void> {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`,
  );
  try {
    const handle = await fs.open(temp, 'wx', FILE_MODE);
    try {
      await handle.writeFile(data);
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
