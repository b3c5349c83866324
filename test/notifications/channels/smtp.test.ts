import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import pino from 'pino';
import { SMTPServer, type SMTPServerError } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RetryableDeliveryError,
  SmtpChannel,
} from '../../../src/modules/notifications/channels/index.js';
import {
  PermanentDeliveryError,
  type OutgoingMessage,
} from '../../../src/modules/notifications/message.js';

const USER = 'clinic';
// Characters that must be percent-encoded in SMTP_URL and decoded back for AUTH.
const PASSWORD = 's3cret p@ss:/word';
const FROM = 'Clínica Exemplo <no-reply@clinic.example>';

interface Received {
  user: unknown;
  mailFrom: string | false;
  rcptTo: string[];
  mail: ParsedMail;
}

const ics = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//ClinicDesk//EN',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:2a9f6c1e-5b7d-4c3a-9e8f-1d2c3b4a5f6e@clinicdesk',
  'DTSTAMP:20260512T120000Z',
  'DTSTART:20260512T173000Z',
  'DTEND:20260512T180000Z',
  'SUMMARY:Consulta com Dra. Ana Souza',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const message: OutgoingMessage = {
  id: '2a9f6c1e-5b7d-4c3a-9e8f-1d2c3b4a5f6e',
  channel: 'email',
  to: { name: 'Maria Silva', email: 'maria.silva@example.com' },
  language: 'pt-BR',
  subject: 'Consulta marcada — terça, 12 de maio, 14:30',
  text: 'Olá, Maria!\n\nSua consulta com Dra. Ana Souza está marcada para 12/05 às 14:30.\n',
  html: '<p>Olá, Maria!</p><p>Sua consulta com <b>Dra. Ana Souza</b> está marcada para 12/05 às 14:30.</p>',
  attachments: [
    {
      filename: 'appointment.ics',
      contentType: 'text/calendar; charset=utf-8; method=REQUEST',
      content: ics,
    },
  ],
};

const received: Received[] = [];
let server: SMTPServer;
let port: number;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  server = new SMTPServer({
    // Plain connection, AUTH required and checked.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody@')) {
        const error: SMTPServerError = new Error(`5.1.1 <${address.address}>: mailbox unavailable`);
        error.responseCode = 550;
        return callback(error);
      }
      if (address.address.startsWith('busy@')) {
        const error: SMTPServerError = new Error('4.2.1 mailbox busy, try again later');
        error.responseCode = 450;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            user: session.user,
            mailFrom: session.envelope.mailFrom && session.envelope.mailFrom.address,
            rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            mail,
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const smtpUrl = (password = PASSWORD) =>
  `smtp://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;

describe('e-mail through SMTP', () => {
  it('delivers subject, text, HTML and the .ics invitation under a stable Message-ID', async () => {
    const channel = new SmtpChannel({ url: smtpUrl(), from: FROM }, log);
    try {
      const receipt = await channel.send(message);
      expect(receipt).toEqual({ providerMessageId: `<${message.id}@clinic.example>` });

      expect(received).toHaveLength(1);
      const { user, mailFrom, rcptTo, mail } = received[0]!;
      expect(user).toBe(USER);
      expect(mailFrom).toBe('no-reply@clinic.example');
      expect(rcptTo).toEqual(['maria.silva@example.com']);
      expect(mail.messageId).toBe(`<${message.id}@clinic.example>`);
      expect(mail.subject).toBe(message.subject);
      expect(mail.from?.value).toEqual([
        { name: 'Clínica Exemplo', address: 'no-reply@clinic.example' },
      ]);
      const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
      expect(to?.value).toEqual([{ name: 'Maria Silva', address: 'maria.silva@example.com' }]);
      expect(mail.text?.trim()).toBe(message.text.trim());
      expect(mail.html).toBe(message.html);

      expect(mail.attachments).toHaveLength(1);
      const invitation = mail.attachments[0]!;
      expect(invitation.filename).toBe('appointment.ics');
      expect(invitation.contentType).toBe('text/calendar');
      const contentType = invitation.headers.get('content-type') as {
        value: string;
        params: Record<string, string>;
      };
      expect(contentType.value).toBe('text/calendar');
      expect(contentType.params).toMatchObject({ charset: 'utf-8', method: 'REQUEST' });
      expect(invitation.content.toString('utf8')).toBe(ics);

      // A retry of the same delivery carries the same Message-ID: inboxes drop the repeat.
      expect(await channel.send(message)).toEqual(receipt);
      expect(received[1]!.mail.messageId).toBe(mail.messageId);
    } finally {
      await channel.close();
    }
  });

  it('fails for good when the server refuses the recipient, without the address in the error', async () => {
    const channel = new SmtpChannel({ url: smtpUrl(), from: FROM }, log);
    try {
      const error = await channel
        .send({ ...message, to: { name: 'Ninguém', email: 'nobody@example.com' } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermanentDeliveryError);
      expect((error as Error).message).toMatch(/^SMTP 550 EENVELOPE: /);
      expect((error as Error).message).not.toContain('nobody@example.com');
    } finally {
      await channel.close();
    }
  });

  it('retries a temporary refusal (4xx)', async () => {
    const channel = new SmtpChannel({ url: smtpUrl(), from: FROM }, log);
    try {
      const error = await channel
        .send({ ...message, to: { name: 'Busy', email: 'busy@example.com' } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetryableDeliveryError);
      expect((error as Error).message).toMatch(/^SMTP 450 EENVELOPE: /);
    } finally {
      await channel.close();
    }
  });

  it('retries when the credentials are refused (the fix is the operator’s), never echoing them', async () => {
    const channel = new SmtpChannel({ url: smtpUrl('wrong password'), from: FROM }, log);
    try {
      const error = await channel.send(message).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetryableDeliveryError);
      expect(error).not.toBeInstanceOf(PermanentDeliveryError);
      expect((error as Error).message).toMatch(/^SMTP 535 EAUTH/);
      expect((error as Error).message).not.toContain('wrong password');
    } finally {
      await channel.close();
    }
  });

  it('retries when the server cannot be reached', async () => {
    const closed = new SMTPServer({ logger: false });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const channel = new SmtpChannel(
      { url: `smtp://127.0.0.1:${closedPort}`, from: FROM, timeoutMs: 1_000 },
      log,
    );
    try {
      await expect(channel.send(message)).rejects.toBeInstanceOf(RetryableDeliveryError);
    } finally {
      await channel.close();
    }
  });

  it('fails for good on a recipient without an e-mail address', async () => {
    const channel = new SmtpChannel({ url: smtpUrl(), from: FROM }, log);
    try {
      await expect(channel.send({ ...message, to: { name: 'Maria Silva' } })).rejects.toThrow(
        PermanentDeliveryError,
      );
    } finally {
      await channel.close();
    }
  });
});
