import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleReport } from '../../scripts/bundle-report.mjs';
import { WEB_ROOT } from '../helpers/web-root.js';

describe('the web app’s bundle', () => {
  it('keeps every area’s initial JavaScript within its budget, gzipped', () => {
    const manifest = path.join(WEB_ROOT, '.vite', 'manifest.json');
    expect(existsSync(manifest), 'run npm run build (npm ci does it) first').toBe(true);
    const report = bundleReport(WEB_ROOT);
    expect(report.map((area) => area.area)).toEqual([
      'signed out (sign-in, directory)',
      'patients (portal)',
      'admins (front desk)',
      'professionals (their day)',
      'waiting-room screen',
    ]);
    for (const { area, bytes, budget } of report) {
      expect(bytes, area).toBeGreaterThan(50_000);
      expect(bytes, area).toBeLessThanOrEqual(budget);
    }
    // Each role's pages are chunks of their own: signed out, none of them is downloaded.
    const [signedOut, ...signedIn] = report;
    for (const area of signedIn) expect(area.bytes, area.area).toBeGreaterThan(signedOut!.bytes);
  });
});
