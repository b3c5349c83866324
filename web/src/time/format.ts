/**
 * Dates and times as the clinic reads them: in its zone (from `GET /api/v1/clinic`), never the
 * browser's, so a patient travelling sees the hour they must be at the clinic.
 */
export function formatDateTime(iso: string, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...clock(language),
    timeZone,
  }).format(new Date(iso));
}

export function formatDate(iso: string, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone }).format(new Date(iso));
}

/** The time of day alone: "09:30", "9:30 AM". */
export function formatTime(iso: string, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(language, { ...clock(language), timeZone }).format(new Date(iso));
}

// 09:30 in Brazil, 9:30 AM in English.
const clock = (language: string) =>
  ({ hour: language === 'en' ? 'numeric' : '2-digit', minute: '2-digit' }) as const;
