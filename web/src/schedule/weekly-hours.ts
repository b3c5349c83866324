/** A day's working interval, `HH:MM` to `HH:MM` (or `24:00`). */
export interface Range {
  start: string;
  end: string;
}

/** The form's week: index 0 is Sunday, as the API numbers weekdays. */
export type Week = Range[][];

/** The days in the order a Brazilian (and most) week is read: Monday first. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

export function toWeek(weekly: { weekday: number; start: string; end: string }[]): Week {
  const week: Week = [[], [], [], [], [], [], []];
  for (const { weekday, start, end } of weekly) week[weekday]?.push({ start, end });
  for (const ranges of week) ranges.sort((a, b) => a.start.localeCompare(b.start));
  return week;
}

export function fromWeek(week: Week) {
  return week.flatMap((ranges, weekday) =>
    ranges.map(({ start, end }) => ({ weekday, start, end })),
  );
}

const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;

/** Why a day's range is wrong: `time` (not a time), `order` (ends before it starts), `overlap`. */
export function rangeProblem(ranges: Range[], index: number): 'time' | 'order' | 'overlap' | null {
  const range = ranges[index];
  if (!range) return null;
  if (!TIME.test(range.start) || !TIME.test(range.end)) return 'time';
  if (range.end <= range.start) return 'order';
  const overlaps = ranges.some(
    (other, i) => i !== index && other.start < range.end && range.start < other.end,
  );
  return overlaps ? 'overlap' : null;
}

/** "Monday", "segunda-feira": 2026-12-06 was a Sunday. */
export function weekdayName(weekday: number, language: string): string {
  return new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2026, 11, 6 + weekday, 12)),
  );
}
