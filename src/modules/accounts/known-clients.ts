import { RateLimiterDrizzle } from 'rate-limiter-flexible';
import type { Db } from '../../db/database.js';
import { rateLimits } from '../../db/schema/accounts.js';
import { randomToken, sha256 } from '../../lib/crypto.js';

/** How long a client stays known after its last successful sign-in. */
export const KNOWN_CLIENT_DAYS = 30;

/** What a device token looks like (`randomToken()`): anything else is ignored unread. */
const DEVICE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface LoginClient {
  ip: string;
  /** The device cookie the client sent, if any. */
  deviceToken?: string;
}

export interface Recognition {
  /** The client signed in to this account successfully within KNOWN_CLIENT_DAYS. */
  known: boolean;
  /** Its device token is one this account's sign-ins handed out: counts go by device. */
  deviceKnown: boolean;
}

/**
 * Clients that signed in to an account before: from the same IP, or with a device cookie a
 * successful sign-in to that account set. The cookie is a random token, not signed: only its
 * SHA-256 with the account is stored (in `rate_limits`, which expires it), so no server
 * secret has to be shared between instances, and a forged or stolen-from-another-account
 * token is simply unknown. Keys are hashed: the table holds no e-mail addresses or IPs.
 */
export class KnownClients {
  private readonly store: RateLimiterDrizzle;

  constructor(db: Db) {
    this.store = new RateLimiterDrizzle({
      storeClient: db,
      schema: rateLimits,
      clearExpiredByTimeout: false,
      keyPrefix: 'login-known',
      points: 1,
      duration: KNOWN_CLIENT_DAYS * 86_400,
    });
  }

  async recognise(account: string, client: LoginClient): Promise<Recognition> {
    const device = deviceToken(client);
    const [byIp, byDevice] = await Promise.all([
      this.store.get(ipKey(account, client.ip)),
      device ? this.store.get(deviceKey(account, device)) : null,
    ]);
    return { known: byIp !== null || byDevice !== null, deviceKnown: byDevice !== null };
  }

  /**
   * Remembers the client after a successful sign-in, for another KNOWN_CLIENT_DAYS; returns
   * the device token for the cookie: the one sent when this account knows it, else a new one
   * (a token planted in a browser by someone else never becomes known that way).
   */
  async remember(account: string, client: LoginClient, deviceKnown: boolean): Promise<string> {
    const device = (deviceKnown && deviceToken(client)) || randomToken();
    const seconds = KNOWN_CLIENT_DAYS * 86_400;
    await Promise.all([
      this.store.set(ipKey(account, client.ip), 1, seconds),
      this.store.set(deviceKey(account, device), 1, seconds),
    ]);
    return device;
  }
}

/** The client key that delays and counts go by: the device when known, else the IP. */
export function clientKey(client: LoginClient, recognition: Recognition): string {
  return recognition.deviceKnown ? `device\n${client.deviceToken}` : `ip\n${client.ip}`;
}

function deviceToken(client: LoginClient): string | undefined {
  return client.deviceToken && DEVICE_TOKEN.test(client.deviceToken)
    ? client.deviceToken
    : undefined;
}

const hashed = (value: string) => sha256(value).toString('base64url');
const ipKey = (account: string, ip: string) => hashed(`ip\n${account}\n${ip}`);
const deviceKey = (account: string, token: string) => hashed(`device\n${account}\n${token}`);
