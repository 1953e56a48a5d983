/**
 * ISO weeks (YYYY-Www, Monday to Sunday) as the weekly report names them, read as local dates in an
 * office's time zone. Pure: "today" and the local time arrive as arguments.
 */
import { DateTime } from 'luxon';
import { AppError } from '../errors.js';

export interface IsoWeek {
  /** "2026-W49". */
  week: string;
  /** The week's Monday (YYYY-MM-DD), its first local date. */
  monday: string;
  /** The Monday after (YYYY-MM-DD): the week is [monday, nextMonday). */
  nextMonday: string;
}

export const isoWeekExample = '2026-W49';
const weekPattern = /^(\d{4})-W(\d{2})$/;

/** The week a person typed, or invalid_input that quotes it and shows the allowed form. */
export function parseIsoWeek(given: string): IsoWeek {
  const match = weekPattern.exec(given);
  const weekYear = match ? Number(match[1]) : NaN;
  const weekNumber = match ? Number(match[2]) : NaN;
  const monday = match ? DateTime.fromObject({ weekYear, weekNumber, weekday: 1 }, { zone: 'UTC' }) : null;
  // Luxon rolls W53 of a 52-week year into the next year; such a week does not exist.
  if (!monday?.isValid || monday.weekYear !== weekYear || monday.weekNumber !== weekNumber) {
    const why = match ? `, which is not a week of ${weekYear} (it has ${DateTime.fromObject({ year: weekYear, month: 12, day: 28 }, { zone: 'UTC' }).weekNumber} weeks)` : '';
    throw new AppError('invalid_input', `week is ${JSON.stringify(given)}${why}; allowed: an ISO week YYYY-Www, e.g. ${isoWeekExample}.`,
      [{ path: 'week', value: given, message: `allowed: an ISO week YYYY-Www, e.g. ${isoWeekExample}` }]);
  }
  return weekOf(monday);
}

function weekOf(day: DateTime): IsoWeek {
  const monday = day.startOf('week');
  return {
    week: `${monday.weekYear}-W${String(monday.weekNumber).padStart(2, '0')}`,
    monday: monday.toISODate() as string,
    nextMonday: monday.plus({ weeks: 1 }).toISODate() as string,
  };
}

/** The ISO week a local date (YYYY-MM-DD) falls in. */
export function isoWeekOfDate(date: string): IsoWeek {
  return weekOf(DateTime.fromISO(date, { zone: 'UTC' }));
}

/** The last complete week before `today` (a local date): the week before the one `today` is in. */
export function lastCompleteWeek(today: string): IsoWeek {
  return weekOf(DateTime.fromISO(today, { zone: 'UTC' }).minus({ weeks: 1 }));
}

/** The local hour on Monday from which last week's report goes out. */
export const weeklyReportHour = 7;

/**
 * The week whose report is due at `now` in an office's time zone: last week's, from Monday 07:00
 * local on (a server that was down on Monday catches up later in the week); null before that
 * (on Monday before 07:00 the week before last was the one due, and was sent a week ago).
 */
export function weekDueAt(now: Date, timeZone: string): IsoWeek | null {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (local.weekday === 1 && local.hour < weeklyReportHour) return null;
  return lastCompleteWeek(local.toISODate() as string);
}
