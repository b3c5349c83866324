import { greeting, pick, required, sentence, type NoticeParts } from './common.js';
import type { RenderInput } from './kinds.js';
import { messageLink, pageUrl, startSmsLink } from './links.js';
import { fitSms } from './sms.js';

/**
 * A lab report is ready (sent by the clinical records): the lab's name and where to see it. The
 * result itself is never in a message: only in the patient portal, behind the sign-in, which
 * the patient's message links to (the professional's, to the web app's start).
 */
export function renderLabReport(input: RenderInput & { kind: 'lab_report.ready' }): NoticeParts {
  const lang = input.language;
  const { lab } = required(input.labReport, 'the lab report', input);
  const labLabel = pick(lang, 'Lab', 'Laboratório');
  const page = input.audience === 'professional' ? 'start' : 'records';
  const link = messageLink(input.publicUrl, page, lang);
  const url = pageUrl(input.publicUrl, page);

  if (input.audience === 'professional') {
    const patient = input.labReport?.patient ?? input.appointment?.patient;
    const who = patient
      ? `${patient.name} (${patient.registerNumber})`
      : pick(lang, 'one of your patients', 'um dos seus pacientes');
    return {
      email: {
        subject: patient
          ? pick(lang, `Lab report ready: ${patient.name}`, `Resultado de exame: ${patient.name}`)
          : pick(lang, 'A lab report is ready', 'Um resultado de exame está disponível'),
        greeting: greeting(lang, input.recipientName),
        intro: [
          pick(
            lang,
            `A lab report of ${who} is ready in the patient's records.`,
            `Um resultado de exame de ${who} está disponível no prontuário.`,
          ),
        ],
        details: [{ label: labLabel, value: lab }],
        outro: [link],
      },
      sms: fitSms(
        (v) => {
          const rn = patient ? ` (${patient.registerNumber})` : '';
          const open = v.link ? ` ${v.link}` : '';
          return pick(
            lang,
            `${v.clinic}: a lab report of ${v.who}${rn} is ready in the records. ${sentence(`Lab: ${v.lab}`)}${open}`,
            `${v.clinic}: um resultado de exame de ${v.who}${rn} está no prontuário. ${sentence(`Laboratório: ${v.lab}`)}${open}`,
          );
        },
        {
          clinic: input.clinicName,
          who: patient?.name ?? who,
          lab,
          link: startSmsLink(input.publicUrl, lang),
        },
        [
          { key: 'who', min: 24, style: 'name' },
          { key: 'link', min: 0, style: 'drop' },
          { key: 'lab', min: 30, style: 'text' },
          { key: 'clinic', min: 16, style: 'prefix' },
          { key: 'who', min: 12, style: 'name' },
          { key: 'lab', min: 14, style: 'text' },
        ],
      ),
      whatsapp: {
        template: 'lab_report_ready_professional',
        parameters: [input.recipientName, input.clinicName, who, lab, url],
      },
    };
  }

  return {
    email: {
      subject: pick(lang, 'Your lab report is ready', 'Seu resultado de exame está pronto'),
      greeting: greeting(lang, input.recipientName),
      intro: [pick(lang, 'Your lab report is ready.', 'Seu resultado de exame está pronto.')],
      details: [{ label: labLabel, value: lab }],
      outro: [
        pick(
          lang,
          'Sign in to the patient portal to see it. For your privacy, results are only shown there, never in messages.',
          'Acesse o portal do paciente para vê-lo. Por privacidade, os resultados só aparecem lá, nunca em mensagens.',
        ),
        link,
      ],
    },
    sms: fitSms(
      (v) =>
        pick(
          lang,
          `${v.clinic}: your lab report (${v.lab}) is ready. See it in the patient portal: ${url}`,
          `${v.clinic}: seu resultado de exame (${v.lab}) está pronto. Veja no portal do paciente: ${url}`,
        ),
      { clinic: input.clinicName, lab },
      [
        { key: 'lab', min: 30, style: 'text' },
        { key: 'clinic', min: 16, style: 'prefix' },
        { key: 'lab', min: 14, style: 'text' },
      ],
    ),
    whatsapp: {
      template: 'lab_report_ready_patient',
      parameters: [input.recipientName, input.clinicName, lab, url],
    },
  };
}
