import type { FastifyReply } from 'fastify';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { requireUser } from '../../http/actor.js';
import { problems } from '../../http/schemas.js';
import { ConfirmCodeBody, ForgotPasswordBody, ResetPasswordBody } from './codes-schemas.js';
import type { OneTimeCodes, VerificationTarget } from './codes-service.js';

const accepted = { 202: { type: 'null', description: 'Accepted; no body.' } } as const;
const noContent = { 204: { type: 'null' } } as const;

/** Password reset and e-mail/phone verification with one-time codes (never in a response). */
export function codesRoutes(app: FastifyTypeBox, codes: OneTimeCodes) {
  const tags = ['Auth and accounts'];
  const rules =
    'Codes: 6 digits, valid 10 minutes, single use, dead after 5 wrong tries; a new code ' +
    'replaces the previous one. At most 3 codes per 10 minutes and 10 per day go to one address.';

  app.post(
    '/auth/password/forgot',
    {
      config: { action: 'auth.password.forgot' },
      schema: {
        tags,
        summary: 'Ask for a password reset code by e-mail',
        description:
          'Always 202, whether an account has this e-mail or not; when one has, a code goes ' +
          'to it (unless too many were sent there lately, or this client has made too many ' +
          'password reset attempts). 503 for every address alike when the clinic has no ' +
          `e-mail provider configured (SMTP_URL). ${rules}`,
        body: ForgotPasswordBody,
        response: { ...accepted, ...problems(400, 503) },
      },
    },
    async (request, reply) => {
      await codes.requestPasswordReset(request.body.email, request.ip);
      return accepted202(reply);
    },
  );

  app.post(
    '/auth/password/reset',
    {
      config: { action: 'auth.password.reset' },
      schema: {
        tags,
        summary: 'Set a new password with the code sent by e-mail',
        description:
          'Signs the user out of every session and tells them the password changed. 400 for a ' +
          'wrong, expired or used code; 429 once a client has made too many attempts (code ' +
          'requests and wrong codes, PASSWORD_RESET_MAX_PER_IP an hour).',
        body: ResetPasswordBody,
        response: { ...noContent, ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      await codes.resetPassword(request.body, request.ip);
      return reply.code(204).send(null);
    },
  );

  for (const target of ['email', 'phone'] as const satisfies readonly VerificationTarget[]) {
    const what = target === 'email' ? 'your e-mail' : 'your phone (SMS, or WhatsApp if chosen)';
    const unavailable =
      target === 'email'
        ? '503 when the clinic has no e-mail provider configured'
        : '503 when neither WhatsApp (if chosen) nor SMS has a provider configured';
    app.post(
      `/auth/verify/${target}`,
      {
        config: { action: 'auth.verify.request' },
        schema: {
          tags,
          summary: `Send a verification code to ${what}`,
          description:
            `${rules} 429 (with Retry-After) past that; 409 when it is already verified` +
            (target === 'phone' ? '; 422 when the account has no phone' : '') +
            `; ${unavailable} (then no code is made and nothing counts against the limits).`,
          response: { ...accepted, ...problems(401, 403, 409, 422, 429, 503) },
        },
      },
      async (request, reply) => {
        await codes.requestVerification(requireUser(request).userId, target);
        return accepted202(reply);
      },
    );

    app.post(
      `/auth/verify/${target}/confirm`,
      {
        config: { action: 'auth.verify.confirm' },
        schema: {
          tags,
          summary: `Confirm ${target === 'email' ? 'your e-mail' : 'your phone'} with the code`,
          description:
            `Marks it verified. 400 for a wrong, expired or used code; 422 when the ${target} ` +
            'changed since the code was sent.',
          body: ConfirmCodeBody,
          response: { ...noContent, ...problems(400, 401, 403, 422) },
        },
      },
      async (request, reply) => {
        await codes.confirmVerification(requireUser(request).userId, target, request.body.code);
        return reply.code(204).send(null);
      },
    );
  }
}

/** 202 with an empty body (the typed reply would serialise `null` as the text `null`). */
function accepted202(reply: FastifyReply) {
  return reply.code(202).send();
}
