import type { BaseBackupManifest } from './layout.js';
import type { RecoveryTarget } from './restore.js';
import { RestoreError } from './restore-error.js';

/**
 * The newest base backup complete before the target (recovery needs WAL from its stop on), of
 * a list sorted oldest first, from BACKUP_DIR or from the bucket (`where` names it).
 */
export function chooseBaseBackup<T extends { manifest: BaseBackupManifest }>(
  backups: T[],
  target: RecoveryTarget,
  where: string,
): T {
  const before = 'time' in target ? target.time : undefined;
  const usable = before
    ? backups.filter((backup) => new Date(backup.manifest.stoppedAt) <= before)
    : backups;
  const chosen = usable.at(-1);
  if (!chosen) {
    throw new RestoreError(
      backups.length
        ? `No base backup in ${where} was complete before ${before!.toISOString()}; the ` +
            `oldest finished at ${backups[0]!.manifest.stoppedAt}.`
        : `No base backup in ${where}: nothing to restore (is BACKUP_DIR right?).`,
    );
  }
  return chosen;
}
