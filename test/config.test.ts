import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, configVariableNames, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('has safe defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      databaseUrl: undefined,
      clinic: { timeZone: 'America/Sao_Paulo', country: 'BR', defaultLanguage: 'pt-BR' },
      sessions: { ttlMinutes: 720, cookieSecure: false },
      loginThrottle: { failuresBeforeDelay: 3, maxFailuresPerAccount: 100, maxFailuresPerIp: 100 },
    });
    expect(config.dataDir).toMatch(/\/data$/);
    expect(loadConfig({ NODE_ENV: 'production' }).sessions.cookieSecure).toBe(true);
  });

  it('converts values and treats an empty value as unset', () => {
    const config = loadConfig({
      PORT: '8080',
      TRUST_PROXY: 'true',
      DATABASE_URL: '',
      COOKIE_SECURE: 'false',
      NODE_ENV: 'production',
    });
    expect(config).toMatchObject({ port: 8080, trustProxy: true, databaseUrl: undefined });
    expect(config.sessions.cookieSecure).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be integer \(got "abc"\)/],
    [{ PORT: '70000' }, /PORT must be <= 65535/],
    [
      { LOG_LEVEL: 'loud' },
      /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/,
    ],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ ADMIN_EMAIL: 'not-an-email' }, /ADMIN_EMAIL/],
    [{ ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD/],
    [{ CLINIC_TIMEZONE: 'Mars/Olympus' }, /CLINIC_TIMEZONE must be an IANA time zone name/],
    [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY must be boolean/],
  ])('rejects %o naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('opens the public directory unless PUBLIC_DIRECTORY=false', () => {
    expect(loadConfig({}).publicDirectory).toBe(true);
    expect(loadConfig({ PUBLIC_DIRECTORY: 'false' }).publicDirectory).toBe(false);
    expect(loadConfig({ PUBLIC_DIRECTORY: 'true' }).publicDirectory).toBe(true);
    expect(() => loadConfig({ PUBLIC_DIRECTORY: 'yes please' })).toThrow(
      /PUBLIC_DIRECTORY must be boolean/,
    );
  });

  it('copies the backups to the bucket when there is one, unless BACKUP_S3=false', () => {
    expect(loadConfig({}).backups.bucket).toBeUndefined();
    const bucket = { S3_BUCKET: 'clinic', S3_ENDPOINT: 'http://127.0.0.1:9000' };
    expect(loadConfig(bucket).backups.bucket).toEqual({
      s3: expect.objectContaining({ bucket: 'clinic', forcePathStyle: true }),
      prefix: 'backups/',
    });
    expect(loadConfig({ ...bucket, BACKUP_S3_PREFIX: 'clinic-a/pg/' }).backups.bucket?.prefix).toBe(
      'clinic-a/pg/',
    );
    expect(loadConfig({ ...bucket, BACKUP_S3: 'false' }).backups.bucket).toBeUndefined();
    // A prefix is a folder: without its slash, or from the root, keys would run into the files'.
    expect(() => loadConfig({ ...bucket, BACKUP_S3_PREFIX: 'backups' })).toThrow(
      /BACKUP_S3_PREFIX/,
    );
    expect(() => loadConfig({ ...bucket, BACKUP_S3_PREFIX: '/backups/' })).toThrow(
      /BACKUP_S3_PREFIX/,
    );
  });

  it('reports every wrong variable at once', () => {
    try {
      loadConfig({ PORT: 'x', SESSION_TTL_MINUTES: '1' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });

  it('is documented: .env.example and the README list exactly the variables read', () => {
    const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const inExample = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(new Set(inExample)).toEqual(new Set(configVariableNames));
    for (const name of configVariableNames) expect(readme, name).toContain(`\`${name}\``);
  });
});
