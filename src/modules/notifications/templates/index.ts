import { renderAccount } from './account.js';
import { renderAppointment } from './appointments.js';
import { assemble, type NoticeParts } from './common.js';
import type { RenderInput, RenderedNotice } from './kinds.js';
import { renderLabReport } from './lab-reports.js';

/**
 * One notice for one person, in their language, on every channel: the e-mail (subject, plain
 * text and HTML), the SMS (GSM-7, one segment where possible) and the WhatsApp template with
 * its parameters. The worker picks the channels the person has enabled.
 *
 * Throws a TypeError when the input lacks what the kind needs (an appointment, a code, a lab).
 */
export function renderNotice(input: RenderInput): RenderedNotice {
  return assemble(input, parts(input));
}

function parts(input: RenderInput): NoticeParts {
  const { kind } = input;
  switch (kind) {
    case 'appointment.booked':
    case 'appointment.rescheduled':
    case 'appointment.transferred':
    case 'appointment.cancelled':
    case 'appointment.removed':
    case 'appointment.finished':
    case 'appointment.reminder':
      return renderAppointment({ ...input, kind });
    case 'lab_report.ready':
      return renderLabReport({ ...input, kind });
    case 'password.changed':
    case 'code.email_verification':
    case 'code.phone_verification':
    case 'code.password_reset':
      return renderAccount({ ...input, kind });
  }
}

export type { AppointmentFacts, NotificationKind, RenderInput, RenderedNotice } from './kinds.js';
export { notificationKinds } from './kinds.js';
export { escapeHtml } from './email.js';
export { formatDateTime, formatShortDateTime, formatTime } from './dates.js';
export { gsm7Length, isGsm7, smsSegments, smsSize, toGsm7, type SmsSize } from './sms.js';
export {
  renderWhatsappBody,
  whatsappTemplates,
  type WhatsappTemplate,
  type WhatsappTemplateName,
} from './whatsapp.js';
