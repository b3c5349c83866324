import type { Language } from '../message.js';
import type { MessageLink } from './links.js';

/** What an e-mail says, before it is laid out as plain text and HTML. */
export interface EmailContent {
  subject: string;
  greeting: string;
  /** Paragraphs before the details. */
  intro: string[];
  /** A one-time code, shown large. */
  code?: string;
  /** What changed: "label: from → to". */
  changes?: { label: string; from: string; to: string }[];
  /** A heading above the details (e.g. "Your appointment now:"). */
  detailsTitle?: string;
  details?: { label: string; value: string }[];
  /** Paragraphs after the details; a link stands as a paragraph of its own. */
  outro?: (string | MessageLink)[];
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe to put in HTML, in element content or in a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const automatic: Record<Language, string> = {
  en: 'automatic message',
  'pt-BR': 'mensagem automática',
};

/** The plain-text part of the e-mail. */
function renderText(content: EmailContent, clinicName: string, language: Language): string {
  const blocks: string[] = [content.greeting, ...content.intro];
  if (content.code) blocks.push(content.code);
  if (content.changes?.length)
    blocks.push(content.changes.map((c) => `- ${c.label}: ${c.from} → ${c.to}`).join('\n'));
  if (content.details?.length) {
    const lines = content.details.map((d) => `${d.label}: ${d.value}`);
    if (content.detailsTitle) lines.unshift(content.detailsTitle);
    blocks.push(lines.join('\n'));
  }
  for (const paragraph of content.outro ?? [])
    blocks.push(typeof paragraph === 'string' ? paragraph : `${paragraph.label}: ${paragraph.url}`);
  blocks.push(`-- \n${clinicName} · ${automatic[language]}`);
  return `${blocks.join('\n\n')}\n`;
}

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
const P = `margin:0 0 16px;${FONT}font-size:16px;line-height:1.5;color:#1f2937;`;

/**
 * The HTML part: one centred column, inline styles only (e-mail clients drop style sheets),
 * real text (no images), a language attribute, layout tables marked `role="presentation"` and
 * the details as a table with row headers, so screen readers read "Date and time: …". Every
 * interpolated value is escaped.
 */
function renderHtml(content: EmailContent, clinicName: string, language: Language): string {
  const e = escapeHtml;
  const body: string[] = [`<p style="${P}">${e(content.greeting)}</p>`];
  for (const paragraph of content.intro) body.push(`<p style="${P}">${e(paragraph)}</p>`);
  if (content.code)
    body.push(
      `<p style="margin:0 0 16px;font-family:'Courier New',Courier,monospace;font-size:32px;` +
        `font-weight:bold;letter-spacing:6px;color:#0f3d5e;">${e(content.code)}</p>`,
    );
  if (content.changes?.length) {
    const items = content.changes
      .map(
        (c) =>
          `<li style="margin:0 0 8px;"><strong>${e(c.label)}:</strong> ${e(c.from)} → ` +
          `<strong>${e(c.to)}</strong></li>`,
      )
      .join('');
    body.push(
      `<ul style="margin:0 0 16px;padding-left:20px;${FONT}font-size:16px;line-height:1.5;` +
        `color:#1f2937;">${items}</ul>`,
    );
  }
  if (content.details?.length) {
    if (content.detailsTitle) body.push(`<p style="${P}">${e(content.detailsTitle)}</p>`);
    const rows = content.details
      .map(
        (d) =>
          `<tr><th scope="row" style="padding:6px 16px 6px 0;text-align:left;vertical-align:top;` +
          `font-weight:normal;color:#4b5563;white-space:nowrap;">${e(d.label)}</th>` +
          `<td style="padding:6px 0;vertical-align:top;color:#111827;font-weight:bold;">` +
          `${e(d.value)}</td></tr>`,
      )
      .join('');
    body.push(
      `<table style="margin:0 0 16px;border-collapse:collapse;${FONT}font-size:16px;` +
        `line-height:1.4;">${rows}</table>`,
    );
  }
  for (const paragraph of content.outro ?? [])
    body.push(
      typeof paragraph === 'string' ? `<p style="${P}">${e(paragraph)}</p>` : link(paragraph),
    );

  return [
    '<!doctype html>',
    `<html lang="${language}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${e(content.subject)}</title>`,
    '</head>',
    '<body style="margin:0;padding:0;background-color:#f3f4f6;">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" ' +
      'style="background-color:#f3f4f6;">',
    '<tr><td align="center" style="padding:24px 12px;">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" ' +
      'style="max-width:560px;background-color:#ffffff;border-radius:8px;">',
    `<tr><td style="padding:20px 24px;border-bottom:1px solid #e5e7eb;${FONT}font-size:20px;` +
      `font-weight:bold;color:#0f3d5e;">${e(clinicName)}</td></tr>`,
    `<tr><td style="padding:24px 24px 8px;">${body.join('\n')}</td></tr>`,
    `<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;${FONT}font-size:13px;` +
      `color:#4b5563;">${e(clinicName)} · ${e(automatic[language])}</td></tr>`,
    '</table>',
    '</td></tr>',
    '</table>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * A link as a button, followed by its address in small print: the reader sees where it goes,
 * and can copy it where the client shows no button.
 */
function link({ label, url }: MessageLink): string {
  const e = escapeHtml;
  return (
    `<p style="margin:0 0 8px;"><a href="${e(url)}" style="display:inline-block;` +
    `padding:10px 20px;background-color:#0f3d5e;border-radius:6px;${FONT}font-size:16px;` +
    `font-weight:bold;color:#ffffff;text-decoration:none;">${e(label)}</a></p>\n` +
    `<p style="margin:0 0 16px;${FONT}font-size:13px;line-height:1.4;color:#4b5563;` +
    `word-break:break-all;">${e(url)}</p>`
  );
}

/** The e-mail's subject, plain text and HTML. */
export function renderEmail(
  content: EmailContent,
  clinicName: string,
  language: Language,
): { subject: string; text: string; html: string } {
  return {
    subject: content.subject.replace(/\s+/g, ' ').trim(),
    text: renderText(content, clinicName, language),
    html: renderHtml(content, clinicName, language),
  };
}
