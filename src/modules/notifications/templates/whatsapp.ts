import type { Language } from '../message.js';

/**
 * The WhatsApp message templates. Business-initiated WhatsApp messages must use a template the
 * clinic has submitted to Meta and had approved, under exactly this name and language; the
 * worker sends the name, the language code and the body parameters in order. The texts are
 * listed, for submitting them, in docs/whatsapp-templates.md (a test keeps it in step). A link
 * is a parameter inside a sentence, never the body's last word: Meta refuses a template that
 * starts or ends with a parameter.
 */
export interface WhatsappTemplate {
  category: 'UTILITY' | 'AUTHENTICATION';
  /** What each body parameter {{1}}, {{2}}… holds, in order. */
  parameters: string[];
  body: Record<Language, string>;
  /** Authentication templates: Meta writes the body itself; this is for reference. */
  note?: string;
}

const EN_AUTOMATIC = 'This is an automatic message.';
const PT_AUTOMATIC = 'Esta é uma mensagem automática.';
// Professionals' notices end with the web app's address: the same words as the e-mail's link.
const EN_OPEN = "Open the clinic's system:";
const PT_OPEN = 'Acessar o sistema da clínica:';

export const whatsappTemplates = {
  appointment_booked_patient: {
    category: 'UTILITY',
    parameters: [
      'patient name',
      'clinic',
      'professional',
      'specialty',
      'date and time',
      'room',
      'link to the appointments page',
    ],
    body: {
      en:
        'Hello {{1}}, this is {{2}}. Your appointment is booked.\n\n' +
        'Professional: {{3}}\nSpecialty: {{4}}\nDate and time: {{5}}\nRoom: {{6}}\n\n' +
        "If you can't make it, please cancel at {{7}} or let us know in advance.",
      'pt-BR':
        'Olá, {{1}}! Aqui é {{2}}. Sua consulta está marcada.\n\n' +
        'Profissional: {{3}}\nEspecialidade: {{4}}\nData e horário: {{5}}\nSala: {{6}}\n\n' +
        'Se não puder comparecer, cancele em {{7}} ou nos avise com antecedência.',
    },
  },
  appointment_booked_professional: {
    category: 'UTILITY',
    parameters: [
      'professional name',
      'clinic',
      'patient (name and register number)',
      'date and time',
      'reason',
      'link to the web app',
    ],
    body: {
      en:
        'Hello {{1}}, this is {{2}}. A new appointment was booked with you.\n\n' +
        `Patient: {{3}}\nDate and time: {{4}}\nReason: {{5}}\n\n${EN_OPEN} {{6}}\n\n${EN_AUTOMATIC}`,
      'pt-BR':
        'Olá, {{1}}! Aqui é {{2}}. Uma nova consulta foi marcada com você.\n\n' +
        `Paciente: {{3}}\nData e horário: {{4}}\nMotivo: {{5}}\n\n${PT_OPEN} {{6}}\n\n${PT_AUTOMATIC}`,
    },
  },
  appointment_rescheduled_patient: {
    category: 'UTILITY',
    parameters: [
      'patient name',
      'clinic',
      'what changed ("from → to", separated by ";")',
      'professional',
      'specialty',
      'date and time',
      'room',
      'link to the appointments page',
    ],
    body: {
      en:
        'Hello {{1}}, this is {{2}}. Your appointment has changed.\n\n' +
        'What changed: {{3}}\n\nYour appointment now:\n' +
        'Professional: {{4}}\nSpecialty: {{5}}\nDate and time: {{6}}\nRoom: {{7}}\n\n' +
        "If this doesn't suit you, reschedule or cancel it at {{8}}, or let us know.",
      'pt-BR':
        'Olá, {{1}}! Aqui é {{2}}. Sua consulta foi alterada.\n\n' +
        'O que mudou: {{3}}\n\nSua consulta agora:\n' +
        'Profissional: {{4}}\nEspecialidade: {{5}}\nData e horário: {{6}}\nSala: {{7}}\n\n' +
        'Se a mudança não for boa para você, remarque ou cancele em {{8}}, ou nos avise.',
    },
  },
  appointment_rescheduled_professional: {
    category: 'UTILITY',
    parameters: [
      'professional name',
      'clinic',
      'patient (name and register number)',
      'what changed ("from → to", separated by ";")',
      'professional now',
      'date and time now',
      'link to the web app',
    ],
    body: {
      en:
        'Hello {{1}}, this is {{2}}. The appointment of {{3}} has changed.\n\n' +
        `What changed: {{4}}\n\nNow: {{5}}, {{6}}.\n\n${EN_OPEN} {{7}}\n\n${EN_AUTOMATIC}`,
      'pt-BR':
        'Olá, {{1}}! Aqui é {{2}}. A consulta de {{3}} foi alterada.\n\n' +
        `O que mudou: {{4}}\n\nAgora: {{5}}, {{6}}.\n\n${PT_OPEN} {{7}}\n\n${PT_AUTOMATIC}`,
    },
  },
  appointment_transferred_professional: {
    category: 'UTILITY',
    parameters: [
      'professional name',
      'clinic',
      'patient (name and register number)',
      'date and time',
      'new professional',
      'link to the web app',
    ],
    body: {
      en:
        'Hello {{1}}, this is {{2}}. An appointment was moved to another professional.\n\n' +
        'Patient: {{3}}\nDate and time: {{4}}\nMoved to: {{5}}\n\n' +
        `It is no longer on your schedule.\n\n${EN_OPEN} {{6}}\n\n${EN_AUTOMATIC}`,
      'pt-BR':
        'Olá, {{1}}! Aqui é {{2}}. Uma consulta foi transferida para outro profissional.\n\n' +
        'Paciente: {{3}}\nData e horário: {{4}}\nTransferida para: {{5}}\n\n' +
        `Ela não está mais na sua agenda.\n\n${PT_OPEN} {{6}}\n\n${PT_AUTOMATIC}`,
    },
  },
  appointment_cancelled_patient: {
    category: 'UTILITY',
    parameters: [
      'patient name',
      'clinic',
      'professional',
      'specialty',
      'date and time',
      'reason',
      'link to the booking page',
    ],
    body: {
      en:
        'Hello {{1}}, this is {{2}}. Your appointment has been cancelled.\n\n' +
        'Professional: {{3}}\nSpecialty: {{4}}\nDate and time: {{5}}\nReason: {{6}}\n\n' +
        'To book another time, go to {{7}} or contact us.',
      'pt-BR':
        'Olá, {{1}}! Aqui é {{2}}. Sua consulta foi cancelada.\n\n' +
        'Profissional: {{3}}\nEspecialidade: {{4}}\nData e horário: {{5}}\nMotivo: {{6}}\n\n' +
        'Para marcar outro horário, acesse {{7}} ou fale conosco.',
    },
  },
  appointment_cancelled_professional: {
    category: 'UTILITY',
    parameters: [
      'professional name',
      'clinic',
      'patient (name and register number)',
      'date and time',
      'reason',
      'link to the web app',
    ],
    body: {
      en:
        'Hello {{1}}, this is {{2}}. An appointment has been cancelled.\n\n' +
        `Patient: {{3}}\nDate and time: {{4}}\nReason: {{5}}\n\n${EN_OPEN} {{6}}\n\n${EN_AUTOMATIC}`,
      'pt-BR':
        'Olá, {{1}}! Aqui é {{2}}. Uma consulta foi cancelada.\n\n' +
        `Paciente: {{3}}\nData e horário: {{4}}\nMotivo: {{5}}\n\n${PT_OPEN} {{6}}\n\n${PT_AUTOMATIC}`,
    },
  },
  appointment_removed_patient: {
    category: 'UTILITY',
    parameters: [
      'patient name',
      'clinic',
      'professional',
      'specialty',
      'date and time',
      'link to the booking page',
    ],
    body: {
      en:
        'Hello {{1}}, this is {{2}}. Your appointment was removed from the schedule: it had ' +
        'been entered by mistake.\n\n' +
        'Professional: {{3}}\nSpecialty: {{4}}\nDate and time: {{5}}\n\n' +
        'If you still need an appointment, book one at {{6}} or contact us.',
      'pt-BR':
        'Olá, {{1}}! Aqui é {{2}}. Sua consulta foi removida da agenda, pois tinha sido ' +
        'registrada por engano.\n\n' +
        'Profissional: {{3}}\nEspecialidade: {{4}}\nData e horário: {{5}}\n\n' +
        'Se ainda precisar de uma consulta, marque em {{6}} ou fale conosco.',
    },
  },
  appointment_removed_professional: {
    category: 'UTILITY',
    parameters: [
      'professional name',
      'clinic',
      'patient (name and register number)',
      'date and time',
      'link to the web app',
    ],
    body: {
      en:
        'Hello {{1}}, this is {{2}}. An appointment was removed from your schedule: it had ' +
        'been entered by mistake.\n\n' +
        `Patient: {{3}}\nDate and time: {{4}}\n\n${EN_OPEN} {{5}}\n\n${EN_AUTOMATIC}`,
      'pt-BR':
        'Olá, {{1}}! Aqui é {{2}}. Uma consulta foi removida da sua agenda, pois tinha sido ' +
        'registrada por engano.\n\n' +
        `Paciente: {{3}}\nData e horário: {{4}}\n\n${PT_OPEN} {{5}}\n\n${PT_AUTOMATIC}`,
    },
  },
  appointment_finished_patient: {
    category: 'UTILITY',
    parameters: ['patient name', 'clinic', 'professional', 'date and time'],
    body: {
      en:
        'Hello {{1}}, this is {{2}}. Your appointment with {{3}} on {{4}} is finished. ' +
        'Thank you for coming, and take care!',
      'pt-BR':
        'Olá, {{1}}! Aqui é {{2}}. Sua consulta com {{3}} em {{4}} foi concluída. ' +
        'Agradecemos a sua visita. Cuide-se!',
    },
  },
  appointment_finished_professional: {
    category: 'UTILITY',
    parameters: [
      'professional name',
      'clinic',
      'patient (name and register number)',
      'date and time',
      'link to the web app',
    ],
    body: {
      en:
        'Hello {{1}}, this is {{2}}. The appointment of {{3}} on {{4}} is recorded as finished.\n\n' +
        `${EN_OPEN} {{5}}\n\n${EN_AUTOMATIC}`,
      'pt-BR':
        'Olá, {{1}}! Aqui é {{2}}. A consulta de {{3}} em {{4}} foi registrada como concluída.\n\n' +
        `${PT_OPEN} {{5}}\n\n${PT_AUTOMATIC}`,
    },
  },
  appointment_reminder_patient: {
    category: 'UTILITY',
    parameters: [
      'patient name',
      'clinic',
      'when ("tomorrow at 9:00 AM")',
      'professional',
      'specialty',
      'date and time',
      'room',
      'link to the appointments page',
    ],
    body: {
      en:
        'Hello {{1}}, this is {{2}}. A reminder: your appointment is {{3}}.\n\n' +
        'Professional: {{4}}\nSpecialty: {{5}}\nDate and time: {{6}}\nRoom: {{7}}\n\n' +
        "Please arrive a few minutes early. If you can't make it, please cancel at {{8}} or let " +
        'us know.',
      'pt-BR':
        'Olá, {{1}}! Aqui é {{2}}. Lembrete: sua consulta é {{3}}.\n\n' +
        'Profissional: {{4}}\nEspecialidade: {{5}}\nData e horário: {{6}}\nSala: {{7}}\n\n' +
        'Chegue alguns minutos antes. Se não puder comparecer, cancele em {{8}} ou nos avise.',
    },
  },
  appointment_reminder_professional: {
    category: 'UTILITY',
    parameters: [
      'professional name',
      'clinic',
      'patient (name and register number)',
      'when ("tomorrow at 9:00 AM")',
      'date and time',
      'link to the web app',
    ],
    body: {
      en:
        'Hello {{1}}, this is {{2}}. A reminder: your appointment with {{3}} is {{4}}.\n\n' +
        `Date and time: {{5}}\n\n${EN_OPEN} {{6}}\n\n${EN_AUTOMATIC}`,
      'pt-BR':
        'Olá, {{1}}! Aqui é {{2}}. Lembrete: sua consulta com {{3}} é {{4}}.\n\n' +
        `Data e horário: {{5}}\n\n${PT_OPEN} {{6}}\n\n${PT_AUTOMATIC}`,
    },
  },
  lab_report_ready_patient: {
    category: 'UTILITY',
    parameters: ['patient name', 'clinic', 'lab', 'link to the records page'],
    body: {
      en:
        'Hello {{1}}, this is {{2}}. Your lab report from {{3}} is ready. For your privacy, ' +
        'results are only shown in the patient portal: sign in at {{4}} to see it.',
      'pt-BR':
        'Olá, {{1}}! Aqui é {{2}}. Seu resultado de exame ({{3}}) está pronto. Por privacidade, ' +
        'os resultados só aparecem no portal do paciente: acesse {{4}} para vê-lo.',
    },
  },
  lab_report_ready_professional: {
    category: 'UTILITY',
    parameters: [
      'professional name',
      'clinic',
      'patient (name and register number)',
      'lab',
      'link to the web app',
    ],
    body: {
      en:
        "Hello {{1}}, this is {{2}}. A lab report of {{3}} is ready in the patient's records.\n\n" +
        `Lab: {{4}}\n\n${EN_OPEN} {{5}}\n\n${EN_AUTOMATIC}`,
      'pt-BR':
        'Olá, {{1}}! Aqui é {{2}}. Um resultado de exame de {{3}} está disponível no prontuário.\n\n' +
        `Laboratório: {{4}}\n\n${PT_OPEN} {{5}}\n\n${PT_AUTOMATIC}`,
    },
  },
  password_changed: {
    category: 'UTILITY',
    parameters: ['name', 'clinic', 'when', 'link to the password reset page'],
    body: {
      en:
        'Hello {{1}}, this is {{2}}. The password of your account was changed ({{3}}). ' +
        "If it was you, there is nothing to do. If it wasn't you, reset your password now at " +
        '{{4}} and tell the clinic.',
      'pt-BR':
        'Olá, {{1}}! Aqui é {{2}}. A senha da sua conta foi alterada ({{3}}). ' +
        'Se foi você, não precisa fazer nada. Se não foi você, redefina sua senha agora em ' +
        '{{4}} e avise a clínica.',
    },
  },
  one_time_code: {
    category: 'AUTHENTICATION',
    parameters: ['the code'],
    body: {
      en: '*{{1}}* is your verification code. For your security, do not share this code.',
      'pt-BR':
        '*{{1}}* é seu código de verificação. Para sua segurança, não compartilhe este código.',
    },
    note:
      'An authentication template: Meta writes its text (shown here for reference) in the ' +
      'chosen language; create it with the "Copy code" button, the security recommendation and ' +
      'an expiry of 10 minutes. The copy-code button takes the code again as its parameter ' +
      '(the channel adapter adds it).',
  },
} satisfies Record<string, WhatsappTemplate>;

export type WhatsappTemplateName = keyof typeof whatsappTemplates;

/** WhatsApp's language code for the recipient's language. */
export function whatsappLanguage(language: Language): string {
  return language === 'en' ? 'en' : 'pt_BR';
}

/**
 * A body parameter as WhatsApp accepts it: no line breaks or tabs, no more than four spaces in
 * a row, not empty, at most 1,024 characters.
 */
export function whatsappParameter(value: string): string {
  const clean = value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (clean === '') return '-';
  return clean.length > 1024 ? `${clean.slice(0, 1023)}…` : clean;
}

/** The template's body with its parameters filled in (for logs, tests and the log channel). */
export function renderWhatsappBody(
  name: WhatsappTemplateName,
  language: Language,
  parameters: string[],
): string {
  const template: WhatsappTemplate = whatsappTemplates[name];
  return template.body[language].replace(/\{\{(\d+)\}\}/g, (_, n: string) => {
    return parameters[Number(n) - 1] ?? `{{${n}}}`;
  });
}
