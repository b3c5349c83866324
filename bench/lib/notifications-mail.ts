import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A lean SMTP server for the notification bench: a real `smtp-server` on a loopback port, with
 * authentication (AUTH PLAIN/LOGIN, no TLS, as the app allows on loopback), that counts what it
 * accepts without parsing it. Of each message it keeps only its Message-ID header (to tell a
 * message delivered twice), its size and whether it carries an iCalendar part: parsing MIME
 * would cost this process CPU that is not the worker's.
 */
export interface BenchMailServer {
  /** `smtp://user:password@127.0.0.1:<port>`. */
  url: string;
  /** Messages accepted ("250 OK" answered) since the last reset. */
  accepted(): number;
  /** How many times each Message-ID was accepted since the last reset. */
  messageIds(): Map<string, number>;
  /** Accepted messages without a Message-ID header. */
  withoutMessageId(): number;
  /** Accepted messages with a `text/calendar` part (the `.ics` invitation). */
  withCalendar(): number;
  /** Bytes of all messages accepted (as sent on the wire, dot-stuffing undone). */
  bytes(): number;
  /** SMTP connections opened and successful logins since the last reset. */
  connections(): number;
  logins(): number;
  /** Forgets the counts (between runs). */
  reset(): void;
  close(): Promise<void>;
}

export async function startBenchMailServer(
  options: { user?: string; password?: string } = {},
): Promise<BenchMailServer> {
  const user = options.user ?? 'clinic';
  const password = options.password ?? 'bench-mail-secret';
  let ids = new Map<string, number>();
  let accepted = 0;
  let noId = 0;
  let calendar = 0;
  let bytes = 0;
  let connections = 0;
  let logins = 0;

  const server = new SMTPServer({
    authOptional: false,
    authMethods: ['PLAIN', 'LOGIN'],
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Messages of a few KB; the default (no limit) would do, but a bound is what servers have.
    size: 10 * 1024 * 1024,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) {
        logins++;
        callback(null, { user });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error: Error) => callback(error));
      stream.on('end', () => {
        const message = Buffer.concat(chunks);
        const headerEnd = message.indexOf('\r\n\r\n');
        const headers = message.toString('latin1', 0, headerEnd < 0 ? message.length : headerEnd);
        const id = /^message-id:\s*(<[^>\r\n]+>)/im.exec(headers)?.[1];
        accepted++;
        bytes += message.length;
        if (id === undefined) noId++;
        else ids.set(id, (ids.get(id) ?? 0) + 1);
        if (message.includes('text/calendar')) calendar++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${user}:${password}@127.0.0.1:${port}`,
    accepted: () => accepted,
    messageIds: () => ids,
    withoutMessageId: () => noId,
    withCalendar: () => calendar,
    bytes: () => bytes,
    connections: () => connections,
    logins: () => logins,
    reset() {
      ids = new Map();
      accepted = noId = calendar = bytes = connections = logins = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
