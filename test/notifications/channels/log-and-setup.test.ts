import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/lib/logger.js';
import {
  closeChannels,
  createChannels,
  LogChannel,
  maskEmail,
  maskPhone,
} from '../../../src/modules/notifications/channels/index.js';
import type { OutgoingMessage } from '../../../src/modules/notifications/message.js';

const CODE = '482913';
const EMAIL = 'maria.silva@example.com';
const PHONE = '+5521987654321';
const to = { name: 'Maria Silva', email: EMAIL, phone: PHONE };

const messages: OutgoingMessage[] = [
  {
    id: 'd1',
    channel: 'email',
    to,
    language: 'pt-BR',
    subject: `Seu código de acesso: ${CODE}`,
    text: `Use o código ${CODE} para entrar. Ele vale por 10 minutos.`,
    html: `<p>Use o código <b>${CODE}</b> para entrar.</p>`,
  },
  {
    id: 'd2',
    channel: 'whatsapp',
    to,
    language: 'pt-BR',
    text: `Seu código: ${CODE}`,
    whatsappTemplate: { name: 'sign_in_code', language: 'pt_BR', parameters: [CODE] },
  },
  { id: 'd3', channel: 'sms', to, language: 'pt-BR', text: `ClinicDesk: código ${CODE}` },
];

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(chunk.toString('utf8'));
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger('trace', destination), lines, raw };
}

describe('the log channel (no provider configured)', () => {
  it('logs one line per message, without the text, the subject, a code or a full address', async () => {
    const { log, lines, raw } = capturingLogger();
    const receipts = [];
    for (const message of messages) {
      receipts.push(await new LogChannel(message.channel, log).send(message));
    }
    // Not sent: the worker records the reason in the delivery log.
    expect(receipts).toEqual([
      { notSent: 'no provider configured (SMTP_URL is not set)' },
      { notSent: 'no provider configured (WHATSAPP_PROVIDER is not set)' },
      { notSent: 'no provider configured (TWILIO_SMS_FROM is not set)' },
    ]);
    expect(lines).toHaveLength(3);
    const output = raw.join('');
    for (const secret of [CODE, EMAIL, PHONE, '987654321', 'maria.silva', 'Maria Silva']) {
      expect(output).not.toContain(secret);
    }
    for (const text of ['código', 'Use o', 'Ele vale']) expect(output).not.toContain(text);
    expect(lines[0]).toMatchObject({
      level: 30,
      channel: 'email',
      provider: 'log',
      deliveryId: 'd1',
      to: 'm***@example.com',
    });
    expect(lines[0]!.msg).toBe(
      'email message not sent: no provider configured (SMTP_URL is not set); it is kept in the ' +
        'delivery log (GET /api/v1/notifications, for admins)',
    );
    expect(lines[0]).not.toHaveProperty('subject');
    expect(lines[1]).toMatchObject({ channel: 'whatsapp', deliveryId: 'd2', to: '+5521*****4321' });
    expect(lines[2]).toMatchObject({ channel: 'sms', deliveryId: 'd3', to: '+5521*****4321' });
  });

  it('prints nothing of a message to the console in any mode, development included', async () => {
    for (const env of ['development', 'test', 'production'] as const) {
      const { log, raw } = capturingLogger();
      const printed: string[] = [];
      const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        printed.push(chunk.toString());
        return true;
      });
      try {
        const channels = createChannels(loadConfig({ NODE_ENV: env }), log);
        for (const message of messages) await channels[message.channel].send(message);
        await closeChannels(channels);
      } finally {
        stdout.mockRestore();
      }
      const everything = printed.join('') + raw.join('');
      for (const secret of [CODE, EMAIL, PHONE, 'Maria Silva', 'Use o código']) {
        expect(everything, env).not.toContain(secret);
      }
      expect(printed, env).toEqual([]);
    }
  });

  it('masks addresses and numbers', () => {
    expect(maskEmail(EMAIL)).toBe('m***@example.com');
    expect(maskEmail('x')).toBe('***');
    expect(maskPhone(PHONE)).toBe('+5521*****4321');
    expect(maskPhone('+12125550123')).toBe('+121****0123');
    expect(maskPhone('123')).toBe('***');
  });
});

describe('createChannels', () => {
  const sid = `AC${'0'.repeat(32)}`;

  it('picks each adapter from the configuration', async () => {
    const { log } = capturingLogger();
    const none = createChannels(loadConfig({ NODE_ENV: 'test' }), log);
    expect(Object.values(none).map((channel) => [channel.name, channel.provider])).toEqual([
      ['email', 'log'],
      ['whatsapp', 'log'],
      ['sms', 'log'],
    ]);

    const cloud = createChannels(
      loadConfig({
        NODE_ENV: 'test',
        SMTP_URL: 'smtp://user:pass@127.0.0.1:2525',
        MAIL_FROM: 'Clínica <no-reply@clinic.example>',
        WHATSAPP_PROVIDER: 'cloud',
        WHATSAPP_TOKEN: 'token',
        WHATSAPP_PHONE_NUMBER_ID: '123456',
        TWILIO_ACCOUNT_SID: sid,
        TWILIO_AUTH_TOKEN: 'secret',
        TWILIO_SMS_FROM: '+14155238887',
      }),
      log,
    );
    expect(Object.values(cloud).map((channel) => [channel.name, channel.provider])).toEqual([
      ['email', 'smtp'],
      ['whatsapp', 'whatsapp-cloud'],
      ['sms', 'twilio'],
    ]);
    await closeChannels(cloud);

    const twilio = createChannels(
      loadConfig({
        NODE_ENV: 'test',
        WHATSAPP_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: sid,
        TWILIO_AUTH_TOKEN: 'secret',
        TWILIO_WHATSAPP_FROM: '+14155238886',
      }),
      log,
    );
    expect([twilio.whatsapp.provider, twilio.sms.provider]).toEqual(['twilio', 'log']);
  });
});

describe('channel configuration', () => {
  it('defaults to no provider at all', () => {
    expect(loadConfig({}).channels).toEqual({
      email: undefined,
      whatsapp: undefined,
      sms: undefined,
    });
  });

  it('maps the variables, with the Content SID map', () => {
    const contentSid = `HX${'1'.repeat(32)}`;
    const config = loadConfig({
      WHATSAPP_PROVIDER: 'twilio',
      TWILIO_API_URL: 'http://127.0.0.1:9999',
      TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'secret',
      TWILIO_WHATSAPP_FROM: '+14155238886',
      TWILIO_WHATSAPP_CONTENT_SIDS: `appointment_booked=${contentSid}, sign_in_code:pt_BR=${contentSid}`,
    });
    expect(config.channels.whatsapp).toEqual({
      provider: 'twilio',
      account: {
        apiUrl: 'http://127.0.0.1:9999',
        accountSid: `AC${'a'.repeat(32)}`,
        authToken: 'secret',
      },
      from: '+14155238886',
      contentSids: { appointment_booked: contentSid, 'sign_in_code:pt_BR': contentSid },
    });
    expect(
      loadConfig({ WHATSAPP_PROVIDER: 'cloud', WHATSAPP_TOKEN: 't', WHATSAPP_PHONE_NUMBER_ID: '1' })
        .channels.whatsapp,
    ).toEqual({
      provider: 'cloud',
      apiUrl: 'https://graph.facebook.com/v21.0',
      token: 't',
      phoneNumberId: '1',
    });
  });

  it.each([
    [{ WHATSAPP_PROVIDER: 'cloud' }, /WHATSAPP_TOKEN is required when WHATSAPP_PROVIDER=cloud/],
    [
      { WHATSAPP_PROVIDER: 'cloud', WHATSAPP_TOKEN: 't' },
      /WHATSAPP_PHONE_NUMBER_ID is required when WHATSAPP_PROVIDER=cloud/,
    ],
    [
      { WHATSAPP_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}` },
      /TWILIO_AUTH_TOKEN is required when WHATSAPP_PROVIDER=twilio/,
    ],
    [{ TWILIO_SMS_FROM: '+14155238887' }, /TWILIO_ACCOUNT_SID is required when TWILIO_SMS_FROM/],
    [{ SMTP_URL: 'smtp://mail.example.com' }, /MAIL_FROM is required when SMTP_URL is set/],
    [{ WHATSAPP_PROVIDER: 'signal' }, /WHATSAPP_PROVIDER must be one of none, cloud, twilio/],
    [{ SMTP_URL: 'http://mail.example.com' }, /SMTP_URL must match/],
    [{ TWILIO_API_URL: 'not a url' }, /TWILIO_API_URL must match format "uri"/],
    [{ TWILIO_SMS_FROM: '21987654321' }, /TWILIO_SMS_FROM must match/],
    [{ TWILIO_WHATSAPP_CONTENT_SIDS: 'booked=HX1' }, /TWILIO_WHATSAPP_CONTENT_SIDS must match/],
  ])('rejects %o naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a secret in a start-up error', () => {
    let error: unknown;
    try {
      loadConfig({ SMTP_URL: 'smtp//user:hunter2@mail.example.com' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('SMTP_URL must match');
    expect((error as Error).message).not.toContain('hunter2');
  });
});
