// After `vite build`: the JavaScript each kind of user downloads before their first page
// shows (the entry, the chunks it imports, and their area's chunk), gzipped, against the
// budgets of issues 13 and 14. `npm run build` prints it and fails over budget; a test reads it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = process.env.WEB_OUT_DIR ?? path.join(root, 'dist', 'web');

/** Each area: the module (relative to web/) whose chunk its first page needs, and its budget in bytes (gzipped). */
export const areas = {
  'signed out (sign-in, directory)': { module: null, budget: 250_000 },
  'patients (portal)': { module: 'src/app/patient-pages.tsx', budget: 250_000 },
  'admins (front desk)': { module: 'src/app/desk-pages.tsx', budget: 350_000 },
  'professionals (their day)': { module: 'src/app/day-pages.tsx', budget: 350_000 },
  'waiting-room screen': { module: 'src/display/display-page.tsx', budget: 250_000 },
};

/** The chunks a manifest entry needs at once: itself and its static imports, recursively. */
function closure(manifest, key, into = new Set()) {
  if (into.has(key)) return into;
  into.add(key);
  for (const imported of manifest[key]?.imports ?? []) closure(manifest, imported, into);
  return into;
}

export function bundleReport(web = WEB) {
  const manifest = JSON.parse(readFileSync(path.join(web, '.vite', 'manifest.json'), 'utf8'));
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  const gzipped = (key) => gzipSync(readFileSync(path.join(web, manifest[key].file))).length;
  return Object.entries(areas).map(([area, { module, budget }]) => {
    const chunks = closure(manifest, entry);
    if (module) {
      if (!manifest[module]) throw new Error(`${module} is not a chunk of the build`);
      closure(manifest, module, chunks);
    }
    const bytes = [...chunks].reduce((sum, key) => sum + gzipped(key), 0);
    return { area, chunks: chunks.size, bytes, budget };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = bundleReport();
  let over = false;
  for (const { area, chunks, bytes, budget } of report) {
    over ||= bytes > budget;
    // eslint-disable-next-line no-console -- the build's own report
    console.log(
      `initial JavaScript, ${area}: ${(bytes / 1000).toFixed(1)} kB gzipped in ${chunks} ` +
        `chunks (budget ${budget / 1000} kB)${bytes > budget ? ' — OVER BUDGET' : ''}`,
    );
  }
  if (over) process.exit(1);
}
