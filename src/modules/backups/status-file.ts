import fs from 'node:fs/promises';
import { writeJsonFile } from './json-file.js';
import { backupLayout } from './layout.js';

export interface Outcome {
  ok: boolean;
  /** ISO time it ended. */
  at: string;
  error?: string;
  /** The base backup it made or checked. */
  baseBackup?: string;
}

/**
 * The last outcome of each backup task, in BACKUP_DIR/status.json: whichever process runs a
 * task (the app's scheduler, `npm run backup:verify`) records it there, and any process answering
 * `/health` or `/metrics` reads it from there.
 */
export interface BackupStatus {
  baseBackup?: Outcome;
  files?: Outcome;
  verify?: Outcome;
  retention?: Outcome;
  walCompression?: Outcome;
  /** The last copy to the bucket, and the last verification of the bucket's copy. */
  bucket?: Outcome;
  bucketVerify?: Outcome;
}

export async function readStatus(backupDir: string): Promise<BackupStatus> {
  const text = await fs.readFile(backupLayout(backupDir).status, 'utf8').catch(() => '');
  try {
    return text ? (JSON.parse(text) as BackupStatus) : {};
  } catch {
    return {}; // a torn write cannot happen (rename), but a hand edit could
  }
}

/** Records one task's outcome, keeping the others'. */
export async function recordOutcome(
  backupDir: string,
  task: keyof BackupStatus,
  outcome: Outcome,
): Promise<void> {
  const status = await readStatus(backupDir);
  status[task] = outcome;
  await writeJsonFile(backupLayout(backupDir).status, status);
}
