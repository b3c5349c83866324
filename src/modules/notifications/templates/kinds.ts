import type { Language } from '../message.js';

/** Every kind of notice the clinic sends. */
export const notificationKinds = [
  'appointment.booked',
  'appointment.rescheduled',
  /** To the former professional only, when an appointment moves to another professional. */
  'appointment.transferred',
  'appointment.cancelled',
  /** An entry deleted as made in error: the patient and the professional hear it is gone. */
  'appointment.removed',
  'appointment.finished',
  'appointment.reminder',
  'lab_report.ready',
  'password.changed',
  'code.email_verification',
  'code.phone_verification',
  'code.password_reset',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** The appointment as notices describe it (the outbox payload of docs/events.md). */
export interface AppointmentFacts {
  appointmentId: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  reason: string | null;
  cancelReason: string | null;
  patient: { name: string; registerNumber: string };
  professional: {
    name: string;
    councilNumber: string;
    specialty: string;
    officeNumber: string | null;
  };
  changes: { field: string; from: unknown; to: unknown }[];
}

export interface RenderInput {
  kind: NotificationKind;
  /** Whom it goes to: the patient and the professional get different wording. */
  audience: 'patient' | 'professional' | 'user';
  language: Language;
  recipientName: string;
  clinicName: string;
  /**
   * Where the web app is (`PUBLIC_URL`, no trailing slash): messages link to the page where the
   * recipient acts on them.
   */
  publicUrl: string;
  appointment?: AppointmentFacts;
  /** For codes: the code and how long it lasts. */
  code?: { value: string; minutes: number };
  /**
   * When the message goes out (the worker renders it then): a reminder says "today" or
   * "tomorrow" as seen from this moment, in the appointment's zone (the clinic's).
   */
  sentAt?: string | Date;
  /**
   * For a lab report: the lab (never the exam, which may say more than a message should), and
   * for the professional who ordered it, whose it is.
   */
  labReport?: LabReportFacts;
  /**
   * For a password change: when it happened (ISO 8601, the event's time, not the moment of
   * sending, which may be later after retries). Without it the notice says "just now".
   */
  occurredAt?: string;
  /** The IANA zone to show `occurredAt` in: the clinic's (`CLINIC_TIMEZONE`); UTC if absent. */
  timeZone?: string;
}

export interface RenderedNotice {
  email: { subject: string; text: string; html: string };
  /** Within 160 GSM-7 characters where possible. */
  sms: string;
  /** An approved WhatsApp template and its body parameters, in order. */
  whatsapp: { template: string; language: string; parameters: string[] };
}

/** What a lab report's notice says of it. */
export interface LabReportFacts {
  lab: string;
  patient?: { name: string; registerNumber: string };
}
