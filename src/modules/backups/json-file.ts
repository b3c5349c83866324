import fs from 'node:fs/promises';
import path from 'node:path';

/** Writes beside the file, then renames: a reader sees the old file or the new, never half. */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const scratch = `${file}.${process.pid}.tmp`;
  await fs.writeFile(scratch, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  await fs.rename(scratch, file);
}
