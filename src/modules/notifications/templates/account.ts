import { greeting, pick, required, type NoticeParts } from './common.js';
import { formatDateTime, formatShortDateTime } from './dates.js';
import type { RenderInput } from './kinds.js';
import { messageLink, pageUrl } from './links.js';
import { fitSms } from './sms.js';

/**
 * Account notices: the password was changed (a security notice: when, and what to do if it was
 * not you, with the link to reset it) and the one-time codes (e-mail and phone verification,
 * password reset). A code's e-mail links to the page where it is typed; its SMS holds nothing
 * but the code and its warning: whoever asked for it has that page open, and a code beside a
 * link is what phishing looks like. WhatsApp's code template is Meta's text, with no link.
 */

type AccountKind =
  | 'password.changed'
  | 'code.email_verification'
  | 'code.phone_verification'
  | 'code.password_reset';

export function renderAccount(input: RenderInput & { kind: AccountKind }): NoticeParts {
  if (input.kind === 'password.changed') return passwordChanged(input);
  return code(input, input.kind);
}

function passwordChanged(input: RenderInput): NoticeParts {
  const lang = input.language;
  // Shown in the clinic's zone; without one, in UTC, said so.
  const zone = input.timeZone ?? 'UTC';
  const suffix = input.timeZone ? '' : ' (UTC)';
  const at = input.occurredAt;
  const when = at ? `${formatDateTime(at, zone, lang)}${suffix}` : null;
  const shortWhen = at ? `${formatShortDateTime(at, zone, lang)}${suffix}` : null;
  const reset = pageUrl(input.publicUrl, 'forgotPassword');
  return {
    email: {
      subject: pick(lang, 'Your password was changed', 'Sua senha foi alterada'),
      greeting: greeting(lang, input.recipientName),
      intro: [
        when
          ? pick(
              lang,
              `The password of your account was changed on ${when}.`,
              `A senha da sua conta foi alterada em ${when}.`,
            )
          : pick(
              lang,
              'The password of your account was just changed.',
              'A senha da sua conta acabou de ser alterada.',
            ),
      ],
      outro: [
        pick(
          lang,
          'If it was you, there is nothing to do.',
          'Se foi você, não precisa fazer nada.',
        ),
        pick(
          lang,
          "If it wasn't you, reset your password now and tell the clinic: someone else may know " +
            'your password.',
          'Se não foi você, redefina sua senha agora e avise a clínica: outra pessoa pode ' +
            'conhecer sua senha.',
        ),
        messageLink(input.publicUrl, 'forgotPassword', lang),
      ],
    },
    sms: fitSms(
      (v) => {
        const on = shortWhen ? pick(lang, ` on ${shortWhen}`, ` em ${shortWhen}`) : '';
        return pick(
          lang,
          `${v.clinic}: your password was changed${on}. Not you? Reset it at ${reset} and tell the clinic.`,
          `${v.clinic}: sua senha foi alterada${on}. Não foi você? Redefina em ${reset} e avise a clínica.`,
        );
      },
      { clinic: input.clinicName },
      [{ key: 'clinic', min: 16, style: 'prefix' }],
    ),
    whatsapp: {
      template: 'password_changed',
      parameters: [
        input.recipientName,
        input.clinicName,
        when ?? pick(lang, 'just now', 'agora há pouco'),
        reset,
      ],
    },
  };
}

function code(input: RenderInput, kind: Exclude<AccountKind, 'password.changed'>): NoticeParts {
  const lang = input.language;
  const { value, minutes } = required(input.code, 'the code', input);
  const duration = pick(
    lang,
    minutes === 1 ? '1 minute' : `${minutes} minutes`,
    minutes === 1 ? '1 minuto' : `${minutes} minutos`,
  );
  const texts = {
    'code.email_verification': pick(
      lang,
      { subject: 'Your verification code', purpose: 'confirm your e-mail address' },
      { subject: 'Seu código de verificação', purpose: 'confirmar seu e-mail' },
    ),
    'code.phone_verification': pick(
      lang,
      { subject: 'Your verification code', purpose: 'confirm your phone number' },
      { subject: 'Seu código de verificação', purpose: 'confirmar seu telefone' },
    ),
    'code.password_reset': pick(
      lang,
      { subject: 'Your password reset code', purpose: 'reset your password' },
      { subject: 'Seu código para redefinir a senha', purpose: 'redefinir sua senha' },
    ),
  }[kind];
  const page = {
    'code.email_verification': 'verifyEmail',
    'code.phone_verification': 'verifyPhone',
    'code.password_reset': 'forgotPassword',
  } as const;
  const notYou =
    kind === 'code.password_reset'
      ? pick(
          lang,
          "If you didn't ask for it, ignore this message: your password stays the same.",
          'Se não foi você que pediu, ignore esta mensagem: sua senha continua a mesma.',
        )
      : pick(
          lang,
          "If you didn't ask for it, you can ignore this message.",
          'Se não foi você que pediu, ignore esta mensagem.',
        );
  return {
    email: {
      subject: texts.subject,
      greeting: greeting(lang, input.recipientName),
      intro: [
        pick(lang, `Use this code to ${texts.purpose}:`, `Use este código para ${texts.purpose}:`),
      ],
      code: value,
      outro: [
        pick(
          lang,
          `It expires in ${duration}. Never share it: nobody from the clinic will ask you for it.`,
          `Ele expira em ${duration}. Nunca o compartilhe: ninguém da clínica vai pedi-lo a você.`,
        ),
        messageLink(input.publicUrl, page[kind], lang),
        notYou,
      ],
    },
    sms: fitSms(
      (v) => {
        const whose = v.clinic ? ` ${v.clinic}` : '';
        return pick(
          lang,
          `Your${whose} code is ${value}. It expires in ${duration}. Never share it.`,
          `Seu código${whose}: ${value}. Vale por ${duration}. Não o compartilhe.`,
        );
      },
      { clinic: input.clinicName },
      [{ key: 'clinic', min: 0, style: 'prefix' }],
    ),
    whatsapp: { template: 'one_time_code', parameters: [value] },
  };
}
