import type { Language } from '../message.js';
import { greeting, pick, required, sentence, type NoticeParts } from './common.js';
import { formatDate, formatDateTime, formatShortDateTime, formatTime, localDay } from './dates.js';
import type { EmailContent } from './email.js';
import type { AppointmentFacts, RenderInput } from './kinds.js';
import { messageLink, pageUrl, startSmsLink, type MessageLink, type WebPage } from './links.js';
import { fitSms } from './sms.js';

/**
 * Appointment notices: booked, rescheduled, transferred (to the professional an appointment
 * moved away from), cancelled, removed (an entry deleted as made in error), finished and the
 * reminder. The patient's
 * message names the professional (as registered: "Dr. Caio", "Dra. Duda"), the specialty, the
 * room, the date and time; the professional's names the patient with the register number. No
 * one's e-mail or phone is ever written in them. Each links to where its reader acts on it: the
 * patient's appointments (to cancel or reschedule), booking (after a cancellation), and for
 * professionals the web app's start.
 */

type AppointmentKind =
  | 'appointment.booked'
  | 'appointment.rescheduled'
  | 'appointment.transferred'
  | 'appointment.cancelled'
  | 'appointment.removed'
  | 'appointment.finished'
  | 'appointment.reminder';

interface Context {
  input: RenderInput;
  facts: AppointmentFacts;
  language: Language;
  /** "segunda-feira, 7 de dezembro de 2026, 09:00" */
  when: string;
  /** "seg 07/12, 09:00" */
  short: string;
  /** "Ana Souza (ZxcVaS-2)" */
  patient: string;
}

export function renderAppointment(input: RenderInput & { kind: AppointmentKind }): NoticeParts {
  const facts = required(input.appointment, 'the appointment', input);
  const language = input.language;
  const context: Context = {
    input,
    facts,
    language,
    when: formatDateTime(facts.startsAt, facts.timeZone, language),
    short: formatShortDateTime(facts.startsAt, facts.timeZone, language),
    patient: `${facts.patient.name} (${facts.patient.registerNumber})`,
  };
  const professional = input.audience === 'professional';
  switch (input.kind) {
    case 'appointment.booked':
      return professional ? bookedProfessional(context) : bookedPatient(context);
    case 'appointment.rescheduled':
      return professional ? rescheduledProfessional(context) : rescheduledPatient(context);
    case 'appointment.transferred':
      // Only ever sent to the former professional.
      return transferredProfessional(context);
    case 'appointment.cancelled':
      return professional ? cancelledProfessional(context) : cancelledPatient(context);
    case 'appointment.removed':
      return professional ? removedProfessional(context) : removedPatient(context);
    case 'appointment.finished':
      return professional ? finishedProfessional(context) : finishedPatient(context);
    case 'appointment.reminder':
      return professional ? reminderProfessional(context) : reminderPatient(context);
  }
}

// ---- pieces shared by the kinds ----

type Detail = { label: string; value: string };

function labels(language: Language) {
  return pick(
    language,
    {
      professional: 'Professional',
      specialty: 'Specialty',
      room: 'Room',
      when: 'Date and time',
      time: 'Time',
      end: 'End time',
      patient: 'Patient',
      reason: 'Reason',
      none: '(none)',
      notGiven: 'not given',
      frontDesk: 'ask at the front desk',
    },
    {
      professional: 'Profissional',
      specialty: 'Especialidade',
      room: 'Sala',
      when: 'Data e horário',
      time: 'Horário',
      end: 'Término',
      patient: 'Paciente',
      reason: 'Motivo',
      none: '(nenhum)',
      notGiven: 'não informado',
      frontDesk: 'informada na recepção',
    },
  );
}

/** What the patient needs to find the appointment: who, what, where, when. */
function patientDetails(c: Context): Detail[] {
  const l = labels(c.language);
  const { professional } = c.facts;
  const details: Detail[] = [{ label: l.professional, value: professional.name }];
  if (professional.specialty.trim())
    details.push({ label: l.specialty, value: professional.specialty });
  if (professional.officeNumber?.trim())
    details.push({ label: l.room, value: professional.officeNumber });
  details.push({ label: l.when, value: c.when });
  return details;
}

/** What the professional needs: whom and when (and what for, when the patient said). */
function professionalDetails(c: Context, options: { withProfessional?: boolean } = {}): Detail[] {
  const l = labels(c.language);
  const details: Detail[] = [{ label: l.patient, value: c.patient }];
  if (options.withProfessional)
    details.push({ label: l.professional, value: c.facts.professional.name });
  details.push({ label: l.when, value: c.when });
  if (c.facts.reason?.trim()) details.push({ label: l.reason, value: c.facts.reason });
  return details;
}

function room(c: Context): string {
  return c.facts.professional.officeNumber?.trim() || labels(c.language).frontDesk;
}

function email(c: Context, content: Omit<EmailContent, 'greeting'>): EmailContent {
  return { greeting: greeting(c.language, c.input.recipientName), ...content };
}

// Shortening, least loss first: people's names to first and last name, the clinic's name to
// its beginning, then whatever is still needed.
const clinicShrink = { key: 'clinic', min: 16, style: 'prefix' } as const;
const professionalSoft = { key: 'professional', min: 24, style: 'name' } as const;
const professionalHard = { key: 'professional', min: 12, style: 'name' } as const;
const patientSoft = { key: 'patient', min: 24, style: 'name' } as const;
const patientHard = { key: 'patient', min: 12, style: 'name' } as const;

function smsValues(c: Context) {
  return {
    clinic: c.input.clinicName,
    professional: c.facts.professional.name,
    specialty: c.facts.professional.specialty,
    patient: c.facts.patient.name,
  };
}

/** ", room 12" or nothing. */
function smsRoom(c: Context): string {
  const office = c.facts.professional.officeNumber?.trim();
  return office ? pick(c.language, `, room ${office}`, `, sala ${office}`) : '';
}

function rn(c: Context): string {
  return c.facts.patient.registerNumber;
}

function link(c: Context, page: WebPage): MessageLink {
  return messageLink(c.input.publicUrl, page, c.language);
}

function url(c: Context, page: WebPage): string {
  return pageUrl(c.input.publicUrl, page);
}

/**
 * The patient's SMS ends with the link to act on it, never shortened: the names make room.
 * No full stop after it, which phones would take as part of the address.
 */
function smsManage(c: Context): string {
  const to = url(c, 'appointments');
  return pick(c.language, ` Change or cancel: ${to}`, ` Remarcar ou cancelar: ${to}`);
}

function smsBook(c: Context): string {
  const to = url(c, 'book');
  return pick(c.language, ` New booking: ${to}`, ` Nova consulta: ${to}`);
}

function proSmsValues(c: Context) {
  return { ...smsValues(c), link: startSmsLink(c.input.publicUrl, c.language) };
}
const linkDrop = { key: 'link', min: 0, style: 'drop' } as const;

function smsLink(v: { link: string }): string {
  return spaced(v.link);
}

// ---- booked ----

function bookedPatient(c: Context): NoticeParts {
  const { language: lang, facts } = c;
  const room_ = smsRoom(c);
  return {
    email: email(c, {
      subject: pick(lang, `Appointment booked: ${c.when}`, `Consulta marcada: ${c.when}`),
      intro: [pick(lang, 'Your appointment is booked.', 'Sua consulta está marcada.')],
      details: patientDetails(c),
      outro: [
        pick(
          lang,
          "If you can't make it, please cancel or let us know in advance.",
          'Se não puder comparecer, cancele ou nos avise com antecedência.',
        ),
        link(c, 'appointments'),
      ],
    }),
    sms: fitSms(
      (v) => {
        const spec = v.specialty ? ` (${v.specialty})` : '';
        return pick(
          lang,
          `${v.clinic}: appointment booked with ${v.professional}${spec}, ${c.short}${room_}.${smsManage(c)}`,
          `${v.clinic}: consulta marcada com ${v.professional}${spec}, ${c.short}${room_}.${smsManage(c)}`,
        );
      },
      smsValues(c),
      [
        { key: 'specialty', min: 20, style: 'text' },
        professionalSoft,
        clinicShrink,
        { key: 'specialty', min: 0, style: 'text' },
        professionalHard,
      ],
    ),
    whatsapp: {
      template: 'appointment_booked_patient',
      parameters: [
        c.input.recipientName,
        c.input.clinicName,
        facts.professional.name,
        facts.professional.specialty,
        c.when,
        room(c),
        url(c, 'appointments'),
      ],
    },
  };
}

function bookedProfessional(c: Context): NoticeParts {
  const { language: lang, facts } = c;
  const l = labels(lang);
  return {
    email: email(c, {
      subject: pick(
        lang,
        `New appointment: ${facts.patient.name}, ${c.when}`,
        `Nova consulta: ${facts.patient.name}, ${c.when}`,
      ),
      intro: [
        pick(
          lang,
          'A new appointment was booked with you.',
          'Uma nova consulta foi marcada com você.',
        ),
      ],
      details: professionalDetails(c),
      outro: [link(c, 'start')],
    }),
    sms: fitSms(
      (v) =>
        pick(
          lang,
          `${v.clinic}: new appointment with ${v.patient} (${rn(c)}), ${c.short}.${smsLink(v)}`,
          `${v.clinic}: nova consulta com ${v.patient} (${rn(c)}), ${c.short}.${smsLink(v)}`,
        ),
      proSmsValues(c),
      [patientSoft, linkDrop, clinicShrink, patientHard],
    ),
    whatsapp: {
      template: 'appointment_booked_professional',
      parameters: [
        c.input.recipientName,
        c.input.clinicName,
        c.patient,
        c.when,
        facts.reason?.trim() || l.notGiven,
        url(c, 'start'),
      ],
    },
  };
}

// ---- rescheduled ----

interface Change {
  label: string;
  from: string;
  to: string;
}

function change(c: Context, field: string) {
  return c.facts.changes.find((x) => x.field === field);
}

function isDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(new Date(value).getTime());
}

/** A changed value in words: a name, a text, or "(none)"; never "[object Object]". */
function describe(value: unknown, language: Language): string {
  if (value === null || value === undefined || value === '') return labels(language).none;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && 'name' in value && typeof value.name === 'string')
    return value.name;
  return labels(language).none;
}

/**
 * What changed, from and to. A move shows once (the start; the end moves with it): as times
 * when the day stays the same, as full dates otherwise.
 */
function describeChanges(c: Context): Change[] {
  const l = labels(c.language);
  const zone = c.facts.timeZone;
  const out: Change[] = [];
  const starts = change(c, 'startsAt');
  const ends = change(c, 'endsAt');
  if (starts && isDate(starts.from) && isDate(starts.to)) {
    if (localDay(starts.from, zone) === localDay(starts.to, zone))
      out.push({
        label: l.time,
        from: formatTime(starts.from, zone, c.language),
        to: formatTime(starts.to, zone, c.language),
      });
    else
      out.push({
        label: l.when,
        from: formatDateTime(starts.from, zone, c.language),
        to: formatDateTime(starts.to, zone, c.language),
      });
  } else if (ends && isDate(ends.from) && isDate(ends.to)) {
    out.push({
      label: l.end,
      from: formatTime(ends.from, zone, c.language),
      to: formatTime(ends.to, zone, c.language),
    });
  }
  const professional = change(c, 'professional');
  if (professional)
    out.push({
      label: l.professional,
      from: describe(professional.from, c.language),
      to: describe(professional.to, c.language),
    });
  const reason = change(c, 'reason');
  if (reason)
    out.push({
      label: l.reason,
      from: describe(reason.from, c.language),
      to: describe(reason.to, c.language),
    });
  return out;
}

function changesLine(c: Context, changes: Change[]): string {
  if (changes.length === 0) return pick(c.language, 'details updated', 'dados atualizados');
  return changes.map((x) => `${x.label}: ${x.from} → ${x.to}`).join('; ');
}

/** "Before: Mon Dec 7, 9:00 AM." when the time moved, or nothing. */
function smsBefore(c: Context): string {
  const starts = change(c, 'startsAt');
  if (!starts || !isDate(starts.from)) return '';
  const before = formatShortDateTime(starts.from, c.facts.timeZone, c.language);
  return pick(c.language, `Before: ${before}.`, `Antes: ${before}.`);
}

/** " " and the text, or nothing: for parts an SMS may leave out. */
function spaced(text: string): string {
  return text ? ` ${text}` : '';
}

function rescheduledPatient(c: Context): NoticeParts {
  const { language: lang, facts } = c;
  const changes = describeChanges(c);
  const room_ = smsRoom(c);
  return {
    email: email(c, {
      subject: pick(
        lang,
        `Your appointment has changed: now ${c.when}`,
        `Sua consulta foi alterada: agora ${c.when}`,
      ),
      intro: [
        changes.length
          ? pick(
              lang,
              'Your appointment has changed. What changed:',
              'Sua consulta foi alterada. O que mudou:',
            )
          : pick(
              lang,
              'The details of your appointment have been updated.',
              'Os dados da sua consulta foram atualizados.',
            ),
      ],
      changes,
      detailsTitle: pick(lang, 'Your appointment now:', 'Sua consulta agora:'),
      details: patientDetails(c),
      outro: [
        pick(
          lang,
          "If this doesn't suit you, please let us know.",
          'Se a mudança não for boa para você, nos avise.',
        ),
        link(c, 'appointments'),
      ],
    }),
    sms: fitSms(
      (v) =>
        pick(
          lang,
          `${v.clinic}: appointment changed. Now: ${c.short} with ${v.professional}${room_}.${spaced(v.before)}${smsManage(c)}`,
          `${v.clinic}: sua consulta mudou. Agora: ${c.short} com ${v.professional}${room_}.${spaced(v.before)}${smsManage(c)}`,
        ),
      { ...smsValues(c), before: smsBefore(c) },
      // The former time goes before any name is cut: the e-mail has it; the link stays whole.
      [professionalSoft, { key: 'before', min: 0, style: 'drop' }, clinicShrink, professionalHard],
    ),
    whatsapp: {
      template: 'appointment_rescheduled_patient',
      parameters: [
        c.input.recipientName,
        c.input.clinicName,
        changesLine(c, changes),
        facts.professional.name,
        facts.professional.specialty,
        c.when,
        room(c),
        url(c, 'appointments'),
      ],
    },
  };
}

function rescheduledProfessional(c: Context): NoticeParts {
  const { language: lang, facts } = c;
  const changes = describeChanges(c);
  const movedProfessional = change(c, 'professional') !== undefined;
  const before = spaced(smsBefore(c));
  return {
    email: email(c, {
      subject: pick(
        lang,
        `Appointment changed: ${facts.patient.name}, ${c.when}`,
        `Consulta alterada: ${facts.patient.name}, ${c.when}`,
      ),
      intro: [
        changes.length
          ? pick(
              lang,
              `The appointment of ${c.patient} has changed. What changed:`,
              `A consulta de ${c.patient} foi alterada. O que mudou:`,
            )
          : pick(
              lang,
              `The details of the appointment of ${c.patient} have been updated.`,
              `Os dados da consulta de ${c.patient} foram atualizados.`,
            ),
      ],
      changes,
      detailsTitle: pick(lang, 'Now:', 'Agora:'),
      details: professionalDetails(c, { withProfessional: movedProfessional }),
      outro: [link(c, 'start')],
    }),
    sms: fitSms(
      (v) => {
        const withWhom = movedProfessional
          ? pick(lang, ` with ${v.professional}`, ` com ${v.professional}`)
          : '';
        return pick(
          lang,
          `${v.clinic}: appointment of ${v.patient} (${rn(c)}) changed. Now: ${c.short}${withWhom}.${before}${smsLink(v)}`,
          `${v.clinic}: a consulta de ${v.patient} (${rn(c)}) mudou. Agora: ${c.short}${withWhom}.${before}${smsLink(v)}`,
        );
      },
      proSmsValues(c),
      [professionalSoft, patientSoft, linkDrop, clinicShrink, professionalHard, patientHard],
    ),
    whatsapp: {
      template: 'appointment_rescheduled_professional',
      parameters: [
        c.input.recipientName,
        c.input.clinicName,
        c.patient,
        changesLine(c, changes),
        facts.professional.name,
        c.when,
        url(c, 'start'),
      ],
    },
  };
}

// ---- cancelled ----

function cancelReason(c: Context): string | null {
  return c.facts.cancelReason?.trim() || null;
}

function cancelledPatient(c: Context): NoticeParts {
  const { language: lang, facts } = c;
  const l = labels(lang);
  const reason = cancelReason(c);
  const details = patientDetails(c);
  if (reason) details.push({ label: l.reason, value: reason });
  return {
    email: email(c, {
      subject: pick(lang, `Appointment cancelled: ${c.when}`, `Consulta cancelada: ${c.when}`),
      intro: [pick(lang, 'Your appointment has been cancelled.', 'Sua consulta foi cancelada.')],
      details,
      outro: [
        pick(
          lang,
          'To book another time, use the patient portal or contact us.',
          'Para marcar outro horário, use o portal do paciente ou fale conosco.',
        ),
        link(c, 'book'),
      ],
    }),
    sms: fitSms(
      (v) => {
        const why = v.reason
          ? pick(lang, ` Reason: ${sentence(v.reason)}`, ` Motivo: ${sentence(v.reason)}`)
          : '';
        return pick(
          lang,
          `${v.clinic}: your appointment with ${v.professional} on ${c.short} was cancelled.${why}${smsBook(c)}`,
          `${v.clinic}: sua consulta com ${v.professional} em ${c.short} foi cancelada.${why}${smsBook(c)}`,
        );
      },
      { ...smsValues(c), reason: reason ?? '' },
      [
        professionalSoft,
        clinicShrink,
        { key: 'reason', min: 24, style: 'text' },
        professionalHard,
        { key: 'reason', min: 0, style: 'text' },
      ],
    ),
    whatsapp: {
      template: 'appointment_cancelled_patient',
      parameters: [
        c.input.recipientName,
        c.input.clinicName,
        facts.professional.name,
        facts.professional.specialty,
        c.when,
        reason ?? l.notGiven,
        url(c, 'book'),
      ],
    },
  };
}

function cancelledProfessional(c: Context): NoticeParts {
  const { language: lang, facts } = c;
  const l = labels(lang);
  const reason = cancelReason(c);
  const details: Detail[] = [
    { label: l.patient, value: c.patient },
    { label: l.when, value: c.when },
  ];
  if (reason) details.push({ label: l.reason, value: reason });
  return {
    email: email(c, {
      subject: pick(
        lang,
        `Appointment cancelled: ${facts.patient.name}, ${c.when}`,
        `Consulta cancelada: ${facts.patient.name}, ${c.when}`,
      ),
      intro: [pick(lang, 'An appointment has been cancelled.', 'Uma consulta foi cancelada.')],
      details,
      outro: [link(c, 'start')],
    }),
    sms: fitSms(
      (v) => {
        const why = v.reason
          ? pick(lang, ` Reason: ${sentence(v.reason)}`, ` Motivo: ${sentence(v.reason)}`)
          : '';
        return pick(
          lang,
          `${v.clinic}: the appointment of ${v.patient} (${rn(c)}) on ${c.short} was cancelled.${why}${smsLink(v)}`,
          `${v.clinic}: a consulta de ${v.patient} (${rn(c)}) em ${c.short} foi cancelada.${why}${smsLink(v)}`,
        );
      },
      { ...proSmsValues(c), reason: reason ?? '' },
      [
        patientSoft,
        linkDrop,
        clinicShrink,
        { key: 'reason', min: 24, style: 'text' },
        patientHard,
        { key: 'reason', min: 0, style: 'text' },
      ],
    ),
    whatsapp: {
      template: 'appointment_cancelled_professional',
      parameters: [
        c.input.recipientName,
        c.input.clinicName,
        c.patient,
        c.when,
        reason ?? l.notGiven,
        url(c, 'start'),
      ],
    },
  };
}

// ---- removed (an entry deleted as made in error) ----

function removedPatient(c: Context): NoticeParts {
  const { language: lang, facts } = c;
  return {
    email: email(c, {
      subject: pick(lang, `Appointment removed: ${c.when}`, `Consulta removida: ${c.when}`),
      intro: [
        pick(
          lang,
          'Your appointment was removed from the schedule: it had been entered by mistake.',
          'Sua consulta foi removida da agenda, pois tinha sido registrada por engano.',
        ),
      ],
      details: patientDetails(c),
      outro: [
        pick(
          lang,
          'If you still need an appointment, book one in the patient portal or contact us.',
          'Se ainda precisar de uma consulta, marque pelo portal do paciente ou fale conosco.',
        ),
        link(c, 'book'),
      ],
    }),
    sms: fitSms(
      (v) =>
        pick(
          lang,
          `${v.clinic}: your appointment with ${v.professional} on ${c.short} was removed (entered by mistake).${smsBook(c)}`,
          `${v.clinic}: sua consulta com ${v.professional} em ${c.short} foi removida (registrada por engano).${smsBook(c)}`,
        ),
      smsValues(c),
      [professionalSoft, clinicShrink, professionalHard],
    ),
    whatsapp: {
      template: 'appointment_removed_patient',
      parameters: [
        c.input.recipientName,
        c.input.clinicName,
        facts.professional.name,
        facts.professional.specialty,
        c.when,
        url(c, 'book'),
      ],
    },
  };
}

function removedProfessional(c: Context): NoticeParts {
  const { language: lang, facts } = c;
  const l = labels(lang);
  return {
    email: email(c, {
      subject: pick(
        lang,
        `Appointment removed: ${facts.patient.name}, ${c.when}`,
        `Consulta removida: ${facts.patient.name}, ${c.when}`,
      ),
      intro: [
        pick(
          lang,
          'An appointment was removed from your schedule: it had been entered by mistake.',
          'Uma consulta foi removida da sua agenda, pois tinha sido registrada por engano.',
        ),
      ],
      details: [
        { label: l.patient, value: c.patient },
        { label: l.when, value: c.when },
      ],
      outro: [link(c, 'start')],
    }),
    sms: fitSms(
      (v) =>
        pick(
          lang,
          `${v.clinic}: the appointment of ${v.patient} (${rn(c)}) on ${c.short} was removed from your schedule (entered by mistake).${smsLink(v)}`,
          `${v.clinic}: a consulta de ${v.patient} (${rn(c)}) em ${c.short} foi removida da sua agenda (registrada por engano).${smsLink(v)}`,
        ),
      proSmsValues(c),
      [patientSoft, linkDrop, clinicShrink, patientHard],
    ),
    whatsapp: {
      template: 'appointment_removed_professional',
      parameters: [c.input.recipientName, c.input.clinicName, c.patient, c.when, url(c, 'start')],
    },
  };
}

// ---- transferred (to the former professional) ----

/**
 * The professional the appointment moved to, from the `professional` change. The facts are the
 * appointment as it was for the former professional (their name, the old times).
 */
function newProfessional(c: Context): string {
  const moved = change(c, 'professional');
  const name = moved ? describe(moved.to, c.language) : '';
  return name && name !== labels(c.language).none
    ? name
    : pick(c.language, 'another professional', 'outro profissional');
}

function transferredProfessional(c: Context): NoticeParts {
  const { language: lang, facts } = c;
  const l = labels(lang);
  const to = newProfessional(c);
  return {
    email: email(c, {
      subject: pick(
        lang,
        `Appointment moved: ${facts.patient.name}, ${c.when}`,
        `Consulta transferida: ${facts.patient.name}, ${c.when}`,
      ),
      intro: [
        pick(
          lang,
          `The appointment of ${c.patient} on ${c.when} was moved to ${to}. It is no longer on your schedule.`,
          `A consulta de ${c.patient} em ${c.when} foi transferida para ${to}. Ela não está mais na sua agenda.`,
        ),
      ],
      details: [
        { label: l.patient, value: c.patient },
        { label: l.when, value: c.when },
      ],
      outro: [link(c, 'start')],
    }),
    sms: fitSms(
      (v) =>
        pick(
          lang,
          `${v.clinic}: the appointment of ${v.patient} (${rn(c)}) on ${c.short} was moved to ${v.newProfessional}.${smsLink(v)}`,
          `${v.clinic}: a consulta de ${v.patient} (${rn(c)}) em ${c.short} foi transferida para ${v.newProfessional}.${smsLink(v)}`,
        ),
      { ...proSmsValues(c), newProfessional: to },
      [
        { key: 'newProfessional', min: 24, style: 'name' },
        patientSoft,
        linkDrop,
        clinicShrink,
        { key: 'newProfessional', min: 12, style: 'name' },
        patientHard,
      ],
    ),
    whatsapp: {
      template: 'appointment_transferred_professional',
      parameters: [
        c.input.recipientName,
        c.input.clinicName,
        c.patient,
        c.when,
        to,
        url(c, 'start'),
      ],
    },
  };
}

// ---- finished ----

function finishedPatient(c: Context): NoticeParts {
  const { language: lang, facts } = c;
  return {
    email: email(c, {
      subject: pick(lang, 'Thank you for your visit', 'Agradecemos a sua visita'),
      intro: [
        pick(
          lang,
          `Your appointment with ${facts.professional.name} on ${c.when} is finished.`,
          `Sua consulta com ${facts.professional.name} em ${c.when} foi concluída.`,
        ),
        pick(lang, 'Thank you for coming, and take care!', 'Agradecemos a sua visita. Cuide-se!'),
      ],
    }),
    sms: fitSms(
      (v) =>
        pick(
          lang,
          `${v.clinic}: your appointment with ${v.professional} is finished. Thank you for coming, and take care!`,
          `${v.clinic}: sua consulta com ${v.professional} foi concluída. Agradecemos a sua visita. Cuide-se!`,
        ),
      smsValues(c),
      [professionalSoft, clinicShrink, professionalHard],
    ),
    whatsapp: {
      template: 'appointment_finished_patient',
      parameters: [c.input.recipientName, c.input.clinicName, facts.professional.name, c.when],
    },
  };
}

function finishedProfessional(c: Context): NoticeParts {
  const { language: lang, facts } = c;
  return {
    email: email(c, {
      subject: pick(
        lang,
        `Appointment finished: ${facts.patient.name}, ${c.when}`,
        `Consulta concluída: ${facts.patient.name}, ${c.when}`,
      ),
      intro: [
        pick(
          lang,
          `The appointment of ${c.patient} on ${c.when} is recorded as finished.`,
          `A consulta de ${c.patient} em ${c.when} foi registrada como concluída.`,
        ),
      ],
      outro: [link(c, 'start')],
    }),
    sms: fitSms(
      (v) =>
        pick(
          lang,
          `${v.clinic}: the appointment of ${v.patient} (${rn(c)}) on ${c.short} is recorded as finished.${smsLink(v)}`,
          `${v.clinic}: a consulta de ${v.patient} (${rn(c)}) em ${c.short} foi registrada como concluída.${smsLink(v)}`,
        ),
      proSmsValues(c),
      [patientSoft, linkDrop, clinicShrink, patientHard],
    ),
    whatsapp: {
      template: 'appointment_finished_professional',
      parameters: [c.input.recipientName, c.input.clinicName, c.patient, c.when, url(c, 'start')],
    },
  };
}

// ---- reminder ----

/**
 * When the appointment is, seen from the moment the reminder goes out, in the appointment's
 * zone (the clinic's): "today at 9:00 AM", "tomorrow at 9:00 AM", or the date. Not from the
 * reminder's offset: one written late (a booking hours ahead, a worker that was down) or
 * retried goes out on another day than the offset says.
 */
function relativeWhen(c: Context, style: 'long' | 'short'): string {
  const { startsAt, timeZone } = c.facts;
  const sentAt = required(c.input.sentAt, 'the time it is sent', c.input);
  const days = localDay(startsAt, timeZone) - localDay(sentAt, timeZone);
  const time = formatTime(startsAt, timeZone, c.language);
  if (days === 0) return pick(c.language, `today at ${time}`, `hoje às ${time}`);
  if (days === 1) return pick(c.language, `tomorrow at ${time}`, `amanhã às ${time}`);
  if (style === 'short') return pick(c.language, `on ${c.short}`, `em ${c.short}`);
  const date = formatDate(startsAt, timeZone, c.language);
  return pick(c.language, `on ${date} at ${time}`, `em ${date}, às ${time}`);
}

function reminderPatient(c: Context): NoticeParts {
  const { language: lang, facts } = c;
  const phrase = relativeWhen(c, 'long');
  const shortPhrase = relativeWhen(c, 'short');
  const room_ = smsRoom(c);
  return {
    email: email(c, {
      subject: pick(
        lang,
        `Reminder: your appointment is ${phrase}`,
        `Lembrete: sua consulta é ${phrase}`,
      ),
      intro: [
        pick(
          lang,
          `A reminder: your appointment is ${phrase}.`,
          `Lembrete: sua consulta é ${phrase}.`,
        ),
      ],
      details: patientDetails(c),
      outro: [
        pick(
          lang,
          "Please arrive a few minutes early. If you can't make it, please cancel or let us know.",
          'Chegue alguns minutos antes. Se não puder comparecer, cancele ou nos avise.',
        ),
        link(c, 'appointments'),
      ],
    }),
    sms: fitSms(
      (v) =>
        pick(
          lang,
          `${v.clinic}: reminder: appointment with ${v.professional} ${shortPhrase}${room_}.${smsManage(c)}`,
          `${v.clinic}: lembrete: consulta com ${v.professional} ${shortPhrase}${room_}.${smsManage(c)}`,
        ),
      smsValues(c),
      [professionalSoft, clinicShrink, professionalHard],
    ),
    whatsapp: {
      template: 'appointment_reminder_patient',
      parameters: [
        c.input.recipientName,
        c.input.clinicName,
        phrase,
        facts.professional.name,
        facts.professional.specialty,
        c.when,
        room(c),
        url(c, 'appointments'),
      ],
    },
  };
}

function reminderProfessional(c: Context): NoticeParts {
  const { language: lang, facts } = c;
  const phrase = relativeWhen(c, 'long');
  const shortPhrase = relativeWhen(c, 'short');
  return {
    email: email(c, {
      subject: pick(
        lang,
        `Reminder: ${facts.patient.name} ${phrase}`,
        `Lembrete: ${facts.patient.name} ${phrase}`,
      ),
      intro: [
        pick(
          lang,
          `A reminder: your appointment with ${c.patient} is ${phrase}.`,
          `Lembrete: sua consulta com ${c.patient} é ${phrase}.`,
        ),
      ],
      details: professionalDetails(c),
      outro: [link(c, 'start')],
    }),
    sms: fitSms(
      (v) =>
        pick(
          lang,
          `${v.clinic}: reminder: appointment with ${v.patient} (${rn(c)}) ${shortPhrase}.${smsLink(v)}`,
          `${v.clinic}: lembrete: consulta com ${v.patient} (${rn(c)}) ${shortPhrase}.${smsLink(v)}`,
        ),
      proSmsValues(c),
      [patientSoft, linkDrop, clinicShrink, patientHard],
    ),
    whatsapp: {
      template: 'appointment_reminder_professional',
      parameters: [
        c.input.recipientName,
        c.input.clinicName,
        c.patient,
        phrase,
        c.when,
        url(c, 'start'),
      ],
    },
  };
}
