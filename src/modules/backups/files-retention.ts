import fs from 'node:fs/promises';
import path from 'node:path';
import { writeJsonFile } from './json-file.js';
import { backupLayout } from './layout.js';

/**
 * The files copy keeps a file deleted from DATA_DIR/files while a restore may still reach a
 * moment that names it. `files-gone.json` records when each copied file was first seen gone
 * (relative path → ISO time): it was deleted before that. Once the oldest kept base backup
 * started well after that time, no restore reaches a moment with the file, and retention
 * removes it.
 */
function goneFile(backupDir: string): string {
  return path.join(backupLayout(backupDir).root, 'files-gone.json');
}

async function readGone(backupDir: string): Promise<Record<string, string>> {
  const text = await fs.readFile(goneFile(backupDir), 'utf8').catch(() => '');
  try {
    return text ? (JSON.parse(text) as Record<string, string>) : {};
  } catch {
    return {}; // forgotten times only delay the removal: they start again from now
  }
}

async function filesUnder(root: string): Promise<Set<string>> {
  const names = await fs.readdir(root, { recursive: true }).catch(() => [] as string[]);
  const files = new Set<string>();
  for (const name of names) {
    const stat = await fs.stat(path.join(root, name)).catch(() => undefined);
    if (stat?.isFile()) files.add(name.split(path.sep).join('/'));
  }
  return files;
}

/**
 * After each files copy, given the files it found in DATA_DIR/files: notes the copied files no
 * longer there, and forgets those back.
 */
export async function noteGoneFiles(
  live: Set<string>,
  backupDir: string,
  now: Date,
): Promise<void> {
  const [copied, gone] = await Promise.all([
    filesUnder(backupLayout(backupDir).files),
    readGone(backupDir),
  ]);
  const next: Record<string, string> = {};
  for (const file of copied) {
    if (!live.has(file)) next[file] = gone[file] ?? now.toISOString();
  }
  if (JSON.stringify(next) !== JSON.stringify(gone)) await writeJsonFile(goneFile(backupDir), next);
}

/** Removes the copies of files seen gone before `before`. */
export async function pruneGoneFiles(backupDir: string, before: Date): Promise<number> {
  const gone = await readGone(backupDir);
  let removed = 0;
  for (const [file, since] of Object.entries(gone)) {
    if (new Date(since) >= before) continue;
    await fs.rm(path.join(backupLayout(backupDir).files, file), { force: true });
    delete gone[file];
    removed += 1;
  }
  if (removed) await writeJsonFile(goneFile(backupDir), gone);
  return removed;
}
