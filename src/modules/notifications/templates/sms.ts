/**
 * SMS text helpers, aware of the GSM 03.38 7-bit alphabet (3GPP TS 23.038): a message made only
 * of its characters takes 160 characters per single SMS (153 per part when split), characters
 * of the extension table taking two; one character outside it turns the whole message into
 * UCS-2, 70 characters per SMS (67 per part).
 */

/** The basic character set (one septet each). */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table (an escape plus one septet: two each). */
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const basic = new Set(GSM7_BASIC);
const extension = new Set(GSM7_EXTENSION);

export const SMS_SINGLE_GSM7 = 160;
const SMS_PART_GSM7 = 153;
const SMS_SINGLE_UCS2 = 70;
const SMS_PART_UCS2 = 67;

/** Whether the text can be sent in the GSM 7-bit alphabet (basic set plus extension table). */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!basic.has(char) && !extension.has(char)) return false;
  return true;
}

/** Septets the text takes in GSM-7 (extension characters count 2), or null if it is not GSM-7. */
export function gsm7Length(text: string): number | null {
  let length = 0;
  for (const char of text) {
    if (basic.has(char)) length += 1;
    else if (extension.has(char)) length += 2;
    else return null;
  }
  return length;
}

export interface SmsSize {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  length: number;
  segments: number;
}

/**
 * How the text travels: its encoding, its length in that encoding and how many SMS segments it
 * takes. A split message never cuts an escape sequence or a surrogate pair in two, as phones do.
 */
export function smsSize(text: string): SmsSize {
  const septets = gsm7Length(text);
  if (septets !== null) {
    if (septets <= SMS_SINGLE_GSM7) return { encoding: 'GSM-7', length: septets, segments: 1 };
    return { encoding: 'GSM-7', length: septets, segments: countParts(text, SMS_PART_GSM7, true) };
  }
  const units = text.length;
  if (units <= SMS_SINGLE_UCS2) return { encoding: 'UCS-2', length: units, segments: 1 };
  return { encoding: 'UCS-2', length: units, segments: countParts(text, SMS_PART_UCS2, false) };
}

/** SMS segments the text takes (0 for an empty text). */
export function smsSegments(text: string): number {
  return text === '' ? 0 : smsSize(text).segments;
}

function countParts(text: string, capacity: number, gsm7: boolean): number {
  let parts = 1;
  let used = 0;
  for (const char of text) {
    const size = gsm7 ? (extension.has(char) ? 2 : 1) : char.length;
    if (used + size > capacity) {
      parts += 1;
      used = 0;
    }
    used += size;
  }
  return parts;
}

/** Letters that Unicode does not decompose into a base letter and marks. */
const LOOKALIKES: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'Th',
  œ: 'oe',
  Œ: 'OE',
  ı: 'i',
  ç: 'c', // GSM 03.38 has the capital Ç only
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' ',
  '\t': ' ',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '´': "'",
  '`': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '«': '"',
  '»': '"',
  '–': '-',
  '—': '-',
  '‐': '-',
  '…': '...',
  '→': '->',
  '•': '-',
  '·': '-',
  º: 'o',
  ª: 'a',
  '°': 'o',
};

/**
 * The text in the GSM-7 alphabet: characters of the alphabet stay (é, ü, ñ, à, Ç…), accented
 * letters outside it lose their accents (ã → a, ê → e, ç → c), typographic quotes and dashes
 * become plain ones, and anything else becomes "?".
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const char of text) {
    if (basic.has(char) || extension.has(char)) {
      out += char;
      continue;
    }
    const lookalike = LOOKALIKES[char];
    if (lookalike !== undefined) {
      out += lookalike;
      continue;
    }
    const stripped = char.normalize('NFD').replace(/\p{M}+/gu, '');
    if (stripped !== '' && isGsm7(stripped)) out += stripped;
    else if (/\p{M}/u.test(char))
      continue; // a lone combining mark
    else out += '?';
  }
  return out;
}

const TITLE = /^(dr|dra|dr\.ª|prof|profa|prof\.ª|sr|sra)\.?$/i;

/**
 * Shortens a person's name to at most `max` characters, keeping it recognisable: a title stays
 * ("Dr.", "Dra."), then the first and last names ("Dra. Ângela Cristina Magalhães Lima" →
 * "Dra. Ângela Lima"), then the first name and an initial ("Dra. Ângela L."), then less.
 */
export function shortenName(name: string, max: number): string {
  const clean = name.trim().replace(/\s+/g, ' ');
  if (clean.length <= max) return clean;
  if (max <= 0) return '';
  const words = clean.split(' ');
  const title = words.length > 2 && TITLE.test(words[0] ?? '') ? `${words.shift()} ` : '';
  const first = words[0] ?? '';
  const last = words[words.length - 1] ?? '';
  const candidates =
    words.length > 1
      ? [`${title}${first} ${last}`, `${title}${first} ${last.charAt(0)}.`, `${first} ${last}`]
      : [];
  candidates.push(`${first} ${last.charAt(0)}.`, first);
  for (const candidate of candidates) if (candidate.length <= max) return candidate;
  return first.slice(0, max);
}

/** Keeps the beginning of a name (a clinic's, a lab's) up to a word boundary, unmarked. */
export function shortenPrefix(text: string, max: number): string {
  const clean = text.trim().replace(/\s+/g, ' ');
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  const kept = space > 0 ? cut.slice(0, space) : clean.slice(0, max);
  // Not ending on a joining word: "Clínica São Sebastião e" → "Clínica São Sebastião".
  return kept
    .replace(/(?:\s+(?:e|de|da|do|das|dos|and|of|the|&))+$/iu, '')
    .replace(/[\s.,;:!?-]+$/u, '');
}

/** Shortens free text to at most `max` characters at a word boundary, marked with "...". */
export function shortenText(text: string, max: number): string {
  const clean = text.trim().replace(/\s+/g, ' ');
  if (clean.length <= max) return clean;
  if (max < 4) return '';
  const room = max - 3;
  const cut = clean.slice(0, room + 1);
  const space = cut.lastIndexOf(' ');
  const kept = space >= room / 2 ? cut.slice(0, space) : clean.slice(0, room);
  return `${kept.replace(/[\s.,;:!?-]+$/u, '')}...`;
}

export interface Shrinkable<K extends string> {
  key: K;
  /** The shortest it may become; 0 lets it disappear (the builder must then leave it out). */
  min: number;
  /**
   * How to shorten it: a person's name, free text (marked "..."), a name's beginning, or
   * `drop`: whole or not at all (a link cut short leads nowhere).
   */
  style: 'name' | 'text' | 'prefix' | 'drop';
}

/**
 * Builds an SMS within one segment where possible. The text keeps its accents when it fits one
 * segment as it is (70 characters once a letter outside GSM-7, such as "ó" or "ã", makes it
 * UCS-2): a code's SMS reads "Seu código", at no extra cost. Otherwise it is written in GSM-7
 * (160 septets), dropping the accents that alphabet lacks, and while still too long the fields
 * are shortened in the order given, each down to its minimum, by as much as is missing.
 */
export function fitSms<K extends string>(
  build: (values: Record<K, string>) => string,
  values: Record<K, string>,
  shrink: Shrinkable<K>[],
): string {
  const natural = build(
    Object.fromEntries(
      Object.entries<string>(values).map(([key, value]) => [
        key,
        value.trim().replace(/\s+/g, ' '),
      ]),
    ) as Record<K, string>,
  );
  if (smsSegments(natural) === 1) return natural;
  const current = { ...values };
  for (const key of Object.keys(current) as K[]) current[key] = toGsm7(current[key]).trim();
  for (;;) {
    const text = toGsm7(build(current));
    const length = gsm7Length(text) ?? Infinity;
    if (length <= SMS_SINGLE_GSM7) return text;
    const over = length - SMS_SINGLE_GSM7;
    const field = shrink.find((f) => current[f.key].length > f.min);
    if (!field) return text; // as short as it may get: it goes in more than one segment
    const value = current[field.key];
    const target = Math.max(field.min, value.length - over);
    const shorter =
      field.style === 'drop'
        ? ''
        : field.style === 'name'
          ? shortenName(value, target)
          : field.style === 'prefix'
            ? shortenPrefix(value, target)
            : shortenText(value, target);
    current[field.key] = shorter.length < value.length ? shorter : value.slice(0, target);
  }
}
