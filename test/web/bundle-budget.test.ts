import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleReport } from '../../scripts/bundle-report.mjs';

const MANIFEST = fileURLToPath(new URL('../../dist/web/.vite/manifest.json', import.meta.url));

describe('the web app’s bundle', () => {
  it('keeps every area’s initial JavaScript within its budget, gzipped', () => {
    expect(existsSync(MANIFEST), 'run npm run build (npm ci does it) first').toBe(true);
    const report = bundleReport();
    expect(report.map((area) => area.area)).toContain('patients (portal)');
    for (const { area, bytes, budget } of report) {
      expect(bytes, area).toBeGreaterThan(50_000);
      expect(bytes, area).toBeLessThanOrEqual(budget);
    }
    // The portal's pages are a chunk of their own: signed out, they are not downloaded.
    const [signedOut, patients] = report;
    expect(patients!.bytes).toBeGreaterThan(signedOut!.bytes);
  });
});
