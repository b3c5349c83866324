import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Clock } from './lib/clock.js';
import { LoginThrottle } from './modules/accounts/login-throttle.js';
import { AccountsService } from './modules/accounts/service.js';
import { SessionStore } from './modules/accounts/sessions.js';

export interface Services {
  sessions: SessionStore;
  accounts: AccountsService;
}

/** Wires each module's service to the database and clock; the app and start-up share one set. */
export function createServices(config: Config, database: Database, clock: Clock): Services {
  const sessions = new SessionStore(database.db, clock, config.sessions.ttlMinutes);
  const throttle = new LoginThrottle(database.db, config.loginThrottle);
  const accounts = new AccountsService(database.db, clock, sessions, throttle, config);
  return { sessions, accounts };
}
