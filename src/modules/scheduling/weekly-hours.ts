import type { FieldError } from '../../http/problem.js';
import type { WeeklyRange } from './slots.js';

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/**
 * What is wrong with a week of working hours: malformed times, a range that ends before it
 * starts, ranges of one weekday that overlap. Empty when the week is usable.
 */
export function weeklyHoursProblems(
  weekly: readonly WeeklyRange[],
  field = 'weekly',
): FieldError[] {
  const problems: FieldError[] = [];
  weekly.forEach((range, index) => {
    const at = `${field}.${index}`;
    if (!Number.isInteger(range.weekday) || range.weekday < 0 || range.weekday > 6) {
      problems.push({ field: `${at}.weekday`, message: 'must be 0 (Sunday) to 6 (Saturday)' });
    }
    if (!TIME.test(range.start) || range.start === '24:00') {
      problems.push({ field: `${at}.start`, message: 'must be a time from 00:00 to 23:59' });
    }
    if (!TIME.test(range.end)) {
      problems.push({ field: `${at}.end`, message: 'must be a time from 00:01 to 24:00' });
    } else if (range.end <= range.start) {
      problems.push({ field: `${at}.end`, message: 'must be after start' });
    }
  });
  if (problems.length) return problems;
  for (let weekday = 0; weekday <= 6; weekday++) {
    const day = weekly
      .map((range, index) => ({ ...range, index }))
      .filter((range) => range.weekday === weekday)
      .sort((a, b) => a.start.localeCompare(b.start));
    for (let i = 1; i < day.length; i++) {
      if (day[i]!.start < day[i - 1]!.end) {
        problems.push({
          field: `${field}.${day[i]!.index}`,
          message: `overlaps ${day[i - 1]!.start}–${day[i - 1]!.end} of the same weekday`,
        });
      }
    }
  }
  return problems;
}
