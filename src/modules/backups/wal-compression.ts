import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { backupLayout } from './layout.js';
import { isPlainSegment } from './wal-names.js';

/**
 * Gzips the archived WAL segments. archive_timeout closes a 16 MB segment every minute the
 * clinic changes something, mostly zeros: compressed, each is a few kilobytes. Restores read
 * either form (restoreCommand). Each file is written beside the segment, then renamed, then the
 * segment removed, so the archive always holds one complete form; owned like the archive, for
 * the server's OS user reads it on restore.
 */
export async function compressArchivedWal(backupDir: string): Promise<number> {
  const { wal } = backupLayout(backupDir);
  const owner = await fs.stat(wal).catch(() => undefined);
  if (!owner) return 0;
  let compressed = 0;
  for (const name of await fs.readdir(wal)) {
    if (!isPlainSegment(name)) continue;
    const segment = path.join(wal, name);
    const scratch = `${segment}.gz.tmp`;
    await pipeline(
      createReadStream(segment),
      createGzip(),
      createWriteStream(scratch, { mode: 0o600 }),
    );
    if (process.getuid?.() === 0) await fs.chown(scratch, owner.uid, owner.gid);
    await fs.rename(scratch, `${segment}.gz`);
    await fs.rm(segment, { force: true });
    compressed += 1;
  }
  return compressed;
}

/** PostgreSQL's restore_command for this archive: the gzipped segment, else the plain one. */
export function restoreCommand(walDir: string): string {
  return (
    `f="${walDir}/%f"; if [ -f "$f.gz" ]; then gzip -dc "$f.gz" > "%p"; ` + `else cp "$f" "%p"; fi`
  );
}
