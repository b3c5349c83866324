import type { OutgoingMessage } from '../message.js';

/** `maria.silva@example.com` → `m***@example.com`. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  return `${address[0]}***${address.slice(at)}`;
}

/**
 * `+5521987654321` → `+5521*****4321`: the country and area code and the last four digits,
 * enough to tell numbers apart in a log, never the whole number.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) return '***';
  const head = Math.min(4, digits.length - 8);
  const tail = digits.slice(-4);
  return `+${digits.slice(0, head)}${'*'.repeat(digits.length - head - 4)}${tail}`;
}

/** The message's destination on its channel, masked; `(none)` when it has none. */
export function maskedDestination(message: OutgoingMessage): string {
  if (message.channel === 'email') return message.to.email ? maskEmail(message.to.email) : '(none)';
  return message.to.phone ? maskPhone(message.to.phone) : '(none)';
}

const EMAIL = /[^\s<>()[\]"',;:@]+@[^\s<>()[\]"',;:@]+\.[A-Za-z]{2,}/g;
// A phone number as providers echo it (`+55 21 98765-4321`, `5521987654321`): 7+ digits.
const PHONE = /\+?\d(?:[\s().-]?\d){6,}/g;

/**
 * A provider's error text made fit for logs and the delivery log: addresses, phone numbers,
 * the message's own text and any secret are cut out, and the length is bounded.
 */
export function scrub(text: string, sensitive: readonly (string | undefined)[] = []): string {
  let result = text;
  for (const value of sensitive) {
    if (value && value.length >= 4) result = result.split(value).join('[redacted]');
  }
  result = result.replace(EMAIL, '[address]').replace(PHONE, '[number]');
  result = result.replace(/\s+/g, ' ').trim();
  return result.length > 300 ? `${result.slice(0, 299)}…` : result;
}

/** The values of a message that must not reach an error text or a log. */
export function sensitiveValues(message: OutgoingMessage): string[] {
  return [
    message.to.email,
    message.to.phone,
    message.to.phone?.replace(/^\+/, ''),
    message.to.name,
    message.text,
    message.html,
    message.subject,
    ...(message.whatsappTemplate?.parameters ?? []),
  ].filter((value): value is string => typeof value === 'string' && value.length >= 4);
}
