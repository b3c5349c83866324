import type { Readable } from 'node:stream';

export interface StoredFile {
  data: Buffer;
  contentType: string;
}

/** A stored file read as a stream; the caller must consume or destroy `stream` to free it. */
export interface StoredFileStream {
  stream: Readable;
  /** In bytes, known before reading, e.g. for Content-Length. */
  size: number;
  contentType: string;
}

/** Where uploaded files live: a folder on this machine or an S3-compatible bucket. */
export interface FileStorage {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** Undefined when there is no file under `key`. */
  get(key: string): Promise<StoredFile | undefined>;
  /** Stores the bytes of a local file under `key` (streamed, never held in memory whole). */
  putFile(key: string, filePath: string, contentType: string): Promise<void>;
  /** The file under `key` as a stream with its size and content type; undefined when missing. */
  openRead(key: string): Promise<StoredFileStream | undefined>;
  /** Deleting a missing file is not an error, so deletes can be retried. */
  delete(key: string): Promise<void>;
  /** Releases connections, if the storage holds any (called when the app closes). */
  close?(): void;
}

const MAX_KEY_LENGTH = 200;
const KEY_CHARACTERS = /^[A-Za-z0-9._/-]+$/;

/**
 * Keys become paths on disk and object names in a bucket, so they are held to a shape that is
 * safe for both, e.g. "photos/patients/<uuid>/display.jpg". No segment may start with a dot:
 * that rules out "." and ".." traversal, and leaves dot-names free for the disk backend's own
 * temporary and metadata files, which therefore can never collide with a key.
 */
export function assertValidKey(key: string): void {
  const problem = keyProblem(key);
  if (problem) {
    throw new Error(
      `invalid storage key ${JSON.stringify(key.slice(0, MAX_KEY_LENGTH))}: ${problem}`,
    );
  }
}

function keyProblem(key: string): string | undefined {
  if (key.length === 0) return 'must not be empty';
  if (key.length > MAX_KEY_LENGTH) return `must be at most ${MAX_KEY_LENGTH} characters`;
  if (!KEY_CHARACTERS.test(key)) return 'may only contain A-Z, a-z, 0-9, ".", "_", "/" and "-"';
  if (key.startsWith('/')) return 'must not start with "/"';
  if (key.includes('..')) return 'must not contain ".."';
  const segments = key.split('/');
  if (segments.some((segment) => segment === '')) return 'must not have empty segments';
  if (segments.some((segment) => segment.startsWith('.'))) {
    return 'no segment may start with "."';
  }
  return undefined;
}
