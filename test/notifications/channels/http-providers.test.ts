import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TwilioAccount } from '../../../src/config.js';
import {
  RetryableDeliveryError,
  TwilioSmsChannel,
  TwilioWhatsAppChannel,
  WhatsAppCloudChannel,
} from '../../../src/modules/notifications/channels/index.js';
import {
  PermanentDeliveryError,
  type Channel,
  type OutgoingMessage,
} from '../../../src/modules/notifications/message.js';
import { FakeProvider } from './fake-provider.js';

const PHONE = '+5521987654321';
const CLOUD_TOKEN = 'EAAG-cloud-token-do-not-log';
const PHONE_NUMBER_ID = '123456789012345';
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'twilio-auth-token-do-not-log';
const WHATSAPP_FROM = '+14155238886';
const SMS_FROM = '+14155238887';
const CONTENT_SID = `HX${'a1'.repeat(16)}`;
const CONTENT_SID_EN = `HX${'b2'.repeat(16)}`;

const whatsappMessage: OutgoingMessage = {
  id: '5f0e8b2c-3a4d-4e6f-8a9b-0c1d2e3f4a5b',
  channel: 'whatsapp',
  to: { name: 'Maria Silva', phone: PHONE },
  language: 'pt-BR',
  text: 'Olá, Maria! Sua consulta com Dra. Ana Souza está marcada para 12/05 às 14:30.',
  whatsappTemplate: {
    name: 'appointment_booked',
    language: 'pt_BR',
    parameters: ['Maria', 'Dra. Ana Souza', '12/05 às 14:30'],
  },
};

const smsMessage: OutgoingMessage = {
  id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  channel: 'sms',
  to: { name: 'Maria Silva', phone: PHONE },
  language: 'pt-BR',
  text: 'ClinicDesk: seu código é 482913. Vale por 10 minutos.',
};

let provider: FakeProvider;
let account: TwilioAccount;

beforeAll(async () => {
  provider = await new FakeProvider({ status: 500, body: { error: 'no answer queued' } }).start();
  account = { apiUrl: provider.url, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN };
});
afterAll(async () => provider.stop());
afterEach(() => {
  provider.requests.length = 0;
});

const basic = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
const twilioPath = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
const formFields = (body: string) => [...new URLSearchParams(body)];

describe('WhatsApp Cloud API', () => {
  const channel = () =>
    new WhatsAppCloudChannel({
      apiUrl: `${provider.url}/v21.0/`,
      token: CLOUD_TOKEN,
      phoneNumberId: PHONE_NUMBER_ID,
    });

  it('sends the template message the Cloud API expects and returns the wamid', async () => {
    provider.answerNext({
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: '5521987654321', wa_id: '5521987654321' }],
        messages: [{ id: 'wamid.HBgNNTUyMTk4NzY1NDMyMRUCABEYEjQ' }],
      },
    });
    const receipt = await channel().send(whatsappMessage);
    expect(receipt).toEqual({ providerMessageId: 'wamid.HBgNNTUyMTk4NzY1NDMyMRUCABEYEjQ' });

    const request = provider.lastRequest();
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/v21.0/${PHONE_NUMBER_ID}/messages`);
    expect(request.headers.authorization).toBe(`Bearer ${CLOUD_TOKEN}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toStrictEqual({
      messaging_product: 'whatsapp',
      to: '5521987654321',
      type: 'template',
      template: {
        name: 'appointment_booked',
        language: { code: 'pt_BR' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Maria' },
              { type: 'text', text: 'Dra. Ana Souza' },
              { type: 'text', text: '12/05 às 14:30' },
            ],
          },
        ],
      },
    });
  });

  it('leaves out the components of a template without parameters', async () => {
    provider.answerNext({ status: 200, body: { messages: [{ id: 'wamid.2' }] } });
    await channel().send({
      ...whatsappMessage,
      whatsappTemplate: { name: 'password_changed', language: 'en', parameters: [] },
    });
    expect(JSON.parse(provider.lastRequest().body).template).toStrictEqual({
      name: 'password_changed',
      language: { code: 'en' },
    });
  });

  it('gives an authentication template its copy-code button, with the code again', async () => {
    provider.answerNext({ status: 200, body: { messages: [{ id: 'wamid.3' }] } });
    await channel().send({
      ...whatsappMessage,
      whatsappTemplate: { name: 'one_time_code', language: 'pt_BR', parameters: ['482913'] },
    });
    expect(JSON.parse(provider.lastRequest().body)).toStrictEqual({
      messaging_product: 'whatsapp',
      to: '5521987654321',
      type: 'template',
      template: {
        name: 'one_time_code',
        language: { code: 'pt_BR' },
        components: [
          { type: 'body', parameters: [{ type: 'text', text: '482913' }] },
          {
            type: 'button',
            sub_type: 'url',
            index: '0',
            parameters: [{ type: 'text', text: '482913' }],
          },
        ],
      },
    });
  });

  it('fails for good on a 400, with the Graph error code and message only', async () => {
    provider.answerNext({
      status: 400,
      body: {
        error: {
          message: '(#131030) Recipient phone number not in allowed list',
          type: 'OAuthException',
          code: 131030,
          error_data: {
            messaging_product: 'whatsapp',
            details: 'Recipient phone number +55 21 98765-4321 not in allowed list',
          },
          fbtrace_id: 'AbCdEf',
        },
      },
    });
    const error = await channel()
      .send(whatsappMessage)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).message).toContain('WhatsApp Cloud API answered 400 (error 131030)');
    expect((error as Error).message).toContain('Recipient phone number not in allowed list');
    expectNoSecrets((error as Error).message);
  });

  it.each([
    ['a pair rate limit (131056)', 131056],
    ['a throughput limit (130429)', 130429],
  ])('retries %s even though it comes as a 400', async (_label, code) => {
    provider.answerNext({
      status: 400,
      body: { error: { message: `(#${code}) rate limit hit`, code } },
    });
    const error = await channel()
      .send(whatsappMessage)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
  });

  it('retries an expired token (401): fixing the configuration lets the retries through', async () => {
    provider.answerNext({
      status: 401,
      body: { error: { message: 'Error validating access token', code: 190 } },
    });
    const error = await channel()
      .send(whatsappMessage)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expectNoSecrets((error as Error).message);
  });

  it('refuses a message without a template or a phone number, without calling the API', async () => {
    const { whatsappTemplate: _none, ...plain } = whatsappMessage;
    await expect(channel().send(plain)).rejects.toThrow(PermanentDeliveryError);
    await expect(
      channel().send({ ...whatsappMessage, to: { name: 'Maria Silva' } }),
    ).rejects.toThrow(PermanentDeliveryError);
    expect(provider.requests).toHaveLength(0);
  });
});

describe('Twilio WhatsApp', () => {
  it('sends an approved template as ContentSid and ContentVariables', async () => {
    provider.answerNext({
      status: 201,
      body: { sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' },
    });
    const channel = new TwilioWhatsAppChannel({
      account,
      from: WHATSAPP_FROM,
      contentSids: { appointment_booked: CONTENT_SID, 'appointment_booked:en': CONTENT_SID_EN },
    });
    const receipt = await channel.send(whatsappMessage);
    expect(receipt).toEqual({ providerMessageId: 'SM0123456789abcdef0123456789abcdef' });

    const request = provider.lastRequest();
    expect(request.method).toBe('POST');
    expect(request.path).toBe(twilioPath);
    expect(request.headers.authorization).toBe(basic);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(formFields(request.body)).toStrictEqual([
      ['From', `whatsapp:${WHATSAPP_FROM}`],
      ['To', `whatsapp:${PHONE}`],
      ['ContentSid', CONTENT_SID],
      ['ContentVariables', '{"1":"Maria","2":"Dra. Ana Souza","3":"12/05 às 14:30"}'],
    ]);
  });

  it('prefers the Content SID of the template in its language', async () => {
    provider.answerNext({ status: 201, body: { sid: 'SM2' } });
    const channel = new TwilioWhatsAppChannel({
      account,
      from: WHATSAPP_FROM,
      contentSids: { appointment_booked: CONTENT_SID, 'appointment_booked:en': CONTENT_SID_EN },
    });
    await channel.send({
      ...whatsappMessage,
      language: 'en',
      whatsappTemplate: { ...whatsappMessage.whatsappTemplate!, language: 'en' },
    });
    expect(new URLSearchParams(provider.lastRequest().body).get('ContentSid')).toBe(CONTENT_SID_EN);
  });

  it('sends the rendered text as Body without a Content SID map', async () => {
    provider.answerNext({ status: 201, body: { sid: 'SM3' } });
    const channel = new TwilioWhatsAppChannel({
      account,
      from: WHATSAPP_FROM,
      contentSids: undefined,
    });
    expect(await channel.send(whatsappMessage)).toEqual({ providerMessageId: 'SM3' });
    expect(formFields(provider.lastRequest().body)).toStrictEqual([
      ['From', `whatsapp:${WHATSAPP_FROM}`],
      ['To', `whatsapp:${PHONE}`],
      ['Body', whatsappMessage.text],
    ]);
  });

  it('fails for good on a template missing from the map, naming the variable', async () => {
    const channel = new TwilioWhatsAppChannel({
      account,
      from: WHATSAPP_FROM,
      contentSids: { appointment_cancelled: CONTENT_SID },
    });
    await expect(channel.send(whatsappMessage)).rejects.toThrow(
      /appointment_booked.*TWILIO_WHATSAPP_CONTENT_SIDS/,
    );
    expect(provider.requests).toHaveLength(0);
  });
});

describe('Twilio SMS', () => {
  const channel = (timeoutMs?: number) =>
    new TwilioSmsChannel({ account, from: SMS_FROM, timeoutMs });

  it('sends From, To and Body and returns the message SID', async () => {
    provider.answerNext({ status: 201, body: { sid: 'SMabc', status: 'queued' } });
    expect(await channel().send(smsMessage)).toEqual({ providerMessageId: 'SMabc' });
    const request = provider.lastRequest();
    expect(request.method).toBe('POST');
    expect(request.path).toBe(twilioPath);
    expect(request.headers.authorization).toBe(basic);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(formFields(request.body)).toStrictEqual([
      ['From', SMS_FROM],
      ['To', PHONE],
      ['Body', smsMessage.text],
    ]);
  });

  it('fails for good on a 400, keeping the code and not the number Twilio echoes', async () => {
    provider.answerNext({
      status: 400,
      body: {
        code: 21211,
        message: `The 'To' number ${PHONE} is not a valid phone number.`,
        more_info: 'https://www.twilio.com/docs/errors/21211',
        status: 400,
      },
    });
    const error = await channel()
      .send(smsMessage)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).message).toBe(
      "Twilio answered 400 (error 21211): The 'To' number [redacted] is not a valid phone number.",
    );
  });

  it('retries a 429 and passes on Retry-After', async () => {
    provider.answerNext({
      status: 429,
      headers: { 'retry-after': '7' },
      body: { code: 20429, message: 'Too Many Requests', status: 429 },
    });
    const error = await channel()
      .send(smsMessage)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    expect((error as RetryableDeliveryError).retryAfterMs).toBe(7000);
    expect((error as Error).message).toBe('Twilio answered 429 (error 20429): Too Many Requests');
  });

  it.each([500, 503])('retries a %i, even one without a JSON body', async (status) => {
    provider.answerNext({ status });
    const error = await channel()
      .send(smsMessage)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect((error as Error).message).toBe(`Twilio answered ${status}`);
  });

  it('retries when the provider does not answer in time', async () => {
    provider.answerNext({ status: 201, body: { sid: 'SMlate' }, delayMs: 2_000 });
    const started = Date.now();
    const error = await channel(150)
      .send(smsMessage)
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect((error as Error).message).toBe('Twilio: no answer (timed out after 150 ms)');
  });

  it('retries when the provider cannot be reached', async () => {
    const gone = await new FakeProvider({ status: 201 }).start();
    await gone.stop();
    const channel = new TwilioSmsChannel({
      account: { ...account, apiUrl: gone.url },
      from: SMS_FROM,
    });
    const error = await channel.send(smsMessage).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect((error as Error).message).toBe('Twilio: no answer (ECONNREFUSED)');
  });

  it('fails for good on a recipient without a valid phone number', async () => {
    for (const phone of [undefined, '21987654321', '+55 abc']) {
      await expect(
        channel().send({ ...smsMessage, to: { name: 'Maria Silva', phone } }),
      ).rejects.toThrow(PermanentDeliveryError);
    }
    expect(provider.requests).toHaveLength(0);
  });
});

describe('every HTTP channel', () => {
  const channels = (): [string, Channel, OutgoingMessage, string][] => [
    [
      'WhatsApp Cloud',
      new WhatsAppCloudChannel({
        apiUrl: provider.url,
        token: CLOUD_TOKEN,
        phoneNumberId: PHONE_NUMBER_ID,
      }),
      whatsappMessage,
      CLOUD_TOKEN,
    ],
    [
      'Twilio WhatsApp',
      new TwilioWhatsAppChannel({ account, from: WHATSAPP_FROM, contentSids: undefined }),
      whatsappMessage,
      AUTH_TOKEN,
    ],
    ['Twilio SMS', new TwilioSmsChannel({ account, from: SMS_FROM }), smsMessage, AUTH_TOKEN],
  ];

  it('maps 400 to a permanent failure and 429/500 to retries, never echoing secrets', async () => {
    // A provider that echoes everything back: the text, the credential, the number.
    for (const [label, channel, message, credential] of channels()) {
      const echo = { message: `${message.text} ${credential} ${PHONE}` };
      for (const [status, kind] of [
        [400, PermanentDeliveryError],
        [404, PermanentDeliveryError],
        [429, RetryableDeliveryError],
        [500, RetryableDeliveryError],
      ] as const) {
        provider.answerNext({ status, body: { ...echo, error: echo } });
        const error = await channel.send(message).catch((e: unknown) => e);
        expect(error, `${label} ${status}`).toBeInstanceOf(kind);
        expect((error as Error).message, label).toContain(`answered ${status}`);
        expectNoSecrets((error as Error).message, message);
      }
    }
  });
});

function expectNoSecrets(text: string, message: OutgoingMessage = whatsappMessage): void {
  for (const secret of [
    CLOUD_TOKEN,
    AUTH_TOKEN,
    PHONE,
    '5521987654321',
    '98765',
    message.text,
    ACCOUNT_SID,
    '482913',
  ]) {
    expect(text).not.toContain(secret);
  }
}
