import fs from 'node:fs/promises';
import path from 'node:path';

export interface CopyResult {
  files: number;
  bytes: number;
  /** The files at the target now, copied or already there, relative with `/`. */
  paths: string[];
}

/**
 * Copies a folder that is being written to meanwhile (a running cluster, the uploads folder):
 * a file that vanishes between listing and copying is skipped, as PostgreSQL's low-level backup
 * API allows (WAL replay recreates it). `skip` gets paths relative to `from`, with `/`.
 * Only regular files and folders are copied; sockets and links are left out. With `onlyNew`,
 * a file already at the target with the same size and an mtime not older is kept (the files
 * copy is refreshed every few minutes).
 */
export async function copyTree(
  from: string,
  to: string,
  options: { skip?: (relative: string) => boolean; onlyNew?: boolean } = {},
): Promise<CopyResult> {
  const result: CopyResult = { files: 0, bytes: 0, paths: [] };
  const walk = async (relative: string) => {
    const source = path.join(from, relative);
    const entries = await fs.readdir(source, { withFileTypes: true }).catch(ignoreMissing);
    if (!entries) return;
    const stat = await fs.stat(source).catch(ignoreMissing);
    await fs.mkdir(path.join(to, relative), {
      recursive: true,
      mode: (stat?.mode ?? 0o700) & 0o777,
    });
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (options.skip?.(child)) continue;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) {
        const copied = await copyFile(path.join(from, child), path.join(to, child), options);
        if (copied !== undefined) {
          result.files += 1;
          result.bytes += copied;
          result.paths.push(child);
        }
      }
    }
  };
  await walk('');
  return result;
}

async function copyFile(
  source: string,
  target: string,
  options: { onlyNew?: boolean },
): Promise<number | undefined> {
  const stat = await fs.stat(source).catch(ignoreMissing);
  if (!stat) return undefined;
  if (options.onlyNew) {
    const existing = await fs.stat(target).catch(ignoreMissing);
    if (existing && existing.size === stat.size && existing.mtimeMs >= stat.mtimeMs) return 0;
  }
  const done = await fs.copyFile(source, target).then(
    () => true,
    (error: unknown) => ignoreMissing(error) ?? false,
  );
  return done ? stat.size : undefined;
}

function ignoreMissing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw error;
}
