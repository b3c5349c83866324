import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface MailServer {
  url: string;
  /** Messages accepted: the server answered 250 while the sender was still connected. */
  received: ParsedMail[];
  /** Waits until `count` messages have been accepted. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  /**
   * From now on, holds the reply to every message until `release()`: what is on the wire then
   * stays undelivered if its sender dies.
   */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a loopback port, with authentication, that parses what it accepts.
 * A message counts as delivered when the server says "250 OK" to a sender still connected, as
 * SMTP has it: `hold()` keeps that reply back, and a sender killed meanwhile never gets it.
 */
export async function startMailServer(
  options: { user?: string; password?: string } = {},
): Promise<MailServer> {
  let held: (() => void)[] | undefined;
  const user = options.user ?? 'clinic';
  const password = options.password ?? 'mail-secret';
  const received: ParsedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: false,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const parsing = simpleParser(stream);
      void parsing.then(
        async (mail) => {
          if (held) await new Promise<void>((resolve) => held!.push(resolve));
          if (!closedSessions.has(session.id)) {
            received.push(mail);
            for (const waiter of waiters) waiter();
          }
          callback();
        },
        (error: Error) => callback(error),
      );
    },
    onClose(session) {
      closedSessions.add(session.id);
    },
  });
  const closedSessions = new Set<string>();
  // A sender killed mid-connection (the crash tests do that) resets its socket: the server
  // reports it as an 'error' event, which would be an uncaught exception with no listener.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${user}:${password}@127.0.0.1:${port}`,
    received,
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(received);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${received.length} of ${count} messages arrived`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    hold() {
      held ??= [];
    },
    release() {
      const waiting = held ?? [];
      held = undefined;
      waiting.forEach((resume) => resume());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
