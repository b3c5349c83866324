import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleReport } from '../../scripts/bundle-report.mjs';
import { display as displayEn } from '../../web/src/i18n/en/display.js';
import { display as displayPtBR } from '../../web/src/i18n/pt-BR/display.js';
import { staffEn } from '../../web/src/i18n/staff-en.js';
import { staffPtBR } from '../../web/src/i18n/staff-pt-BR.js';
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

  it('leaves the staff’s texts to the staff’s chunks, out of what every visitor downloads', () => {
    const manifest = JSON.parse(
      readFileSync(path.join(WEB_ROOT, '.vite', 'manifest.json'), 'utf8'),
    ) as Record<string, { file: string; isEntry?: boolean }>;
    const entry = Object.values(manifest).find((chunk) => chunk.isEntry)!;
    const code = readFileSync(path.join(WEB_ROOT, entry.file), 'utf8');
    for (const text of [
      staffEn.desk.title,
      staffPtBR.desk.title,
      displayEn.noCallsYet,
      displayPtBR.noCallsYet,
    ])
      expect(code, text).not.toContain(text);
  });
});
