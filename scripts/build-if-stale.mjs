// `npm start` runs this first: it builds (server and web app) only when a source changed since
// the last build, so a restart starts at once. Plain JavaScript: it must run before anything
// is compiled. The stamp is a SHA-256 of every input file's path and content.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = path.join(root, 'dist', '.build-stamp');
const INPUTS = ['src', 'web', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
const SKIPPED = new Set(['node_modules', 'dist']);

function files(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full)
    .filter((name) => !SKIPPED.has(name))
    .sort()
    .flatMap((name) => files(path.join(entry, name)));
}

function stamp() {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(files)) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(root, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

const wanted = stamp();
const built = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : '';
const complete =
  existsSync(path.join(root, 'dist', 'server.js')) &&
  existsSync(path.join(root, 'dist', 'web', 'index.html'));
if (built === wanted && complete) process.exit(0);
// eslint-disable-next-line no-console -- it tells the one starting the app why it waits
console.log('Building ClinicDesk (sources changed since the last build)…');
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
writeFileSync(STAMP, `${wanted}\n`);
