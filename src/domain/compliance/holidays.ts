/**
 * Holiday calendars from the rules JSON: the rule grammar (fixed, nth, last, easter±N, US election
 * day, proclamation), observed-date shifts, and county scope. Works on local calendar dates
 * ('YYYY-MM-DD'), so the caller decides which time zone's date is meant (every candidate zone).
 */
import { DateTime } from 'luxon';
import type { HolidayCalendar } from './calling-rules.js';

const weekdayNumbers: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

export interface HolidayHit {
  name: string;
  /** The statutory date, and whether `date` is that day or its observed substitute. */
  actualDate: string;
  observed: boolean;
}

function utcDate(year: number, month: number, day: number): DateTime {
  return DateTime.utc(year, month, day);
}

/** Western (Gregorian) Easter Sunday, anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): DateTime {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utcDate(year, month, day);
}

function nthWeekday(year: number, month: number, n: number, weekday: number): DateTime {
  const first = utcDate(year, month, 1);
  const offset = (weekday - first.weekday + 7) % 7;
  return first.plus({ days: offset + (n - 1) * 7 });
}

function lastWeekday(year: number, month: number, weekday: number): DateTime {
  const last = utcDate(year, month, 1).endOf('month').startOf('day');
  const offset = (last.weekday - weekday + 7) % 7;
  return last.minus({ days: offset });
}

/** The statutory date of one rule in one year; null for proclamation (operator-loaded) rules. */
export function holidayDate(rule: string, year: number): DateTime | null {
  const parts = rule.split(':');
  switch (parts[0]) {
    case 'fixed': {
      const [mm, dd] = (parts[1] ?? '').split('-').map(Number);
      return utcDate(year, mm ?? 1, dd ?? 1);
    }
    case 'nth':
      return nthWeekday(year, Number(parts[1]), Number(parts[2]), weekdayNumbers[parts[3] ?? ''] ?? 1);
    case 'last':
      return lastWeekday(year, Number(parts[1]), weekdayNumbers[parts[2] ?? ''] ?? 1);
    case 'easter':
      return easterSunday(year).plus({ days: Number(parts[1]) });
    case 'special':
      // Tuesday after the first Monday in November.
      return nthWeekday(year, 11, 1, 1).plus({ days: 1 });
    default:
      return null;
  }
}

interface ShiftClause {
  fromWeekdays: number[];
  toWeekday: number;
  direction: 'preceding' | 'following' | 'nearest';
}

/**
 * Parses shift rules as written in the JSON: "sat->fri,sun->mon", "sat/sun->mon",
 * "tue-fri->preceding mon; sat/sun->following mon". Parenthesised notes are ignored.
 * Returns null when the text is not a shift rule.
 */
export function parseObservedShift(text: string): ShiftClause[] | null {
  const clauses = text.replace(/\(.*\)/g, '').split(/[,;]/).map((c) => c.trim()).filter(Boolean);
  const out: ShiftClause[] = [];
  for (const clause of clauses) {
    const m = /^([a-z/-]+)\s*->\s*(preceding |following )?([a-z]{3})$/.exec(clause);
    if (!m) return null;
    const to = weekdayNumbers[m[3] ?? ''];
    if (!to) return null;
    const from: number[] = [];
    for (const part of (m[1] ?? '').split('/')) {
      const range = part.split('-');
      const a = weekdayNumbers[range[0] ?? ''];
      const b = weekdayNumbers[range[1] ?? range[0] ?? ''];
      if (!a || !b) return null;
      for (let d = a; d <= b; d++) from.push(d);
    }
    out.push({ fromWeekdays: from, toWeekday: to, direction: (m[2]?.trim() as 'preceding' | 'following' | undefined) ?? 'nearest' });
  }
  return out.length > 0 ? out : null;
}

function applyShift(date: DateTime, clauses: ShiftClause[]): DateTime | null {
  for (const c of clauses) {
    if (!c.fromWeekdays.includes(date.weekday)) continue;
    const forward = (c.toWeekday - date.weekday + 7) % 7 || 7;
    const backward = (date.weekday - c.toWeekday + 7) % 7 || 7;
    const days = c.direction === 'following' ? forward : c.direction === 'preceding' ? -backward : forward <= backward ? forward : -backward;
    return date.plus({ days });
  }
  return null;
}

export interface HolidayLookupOptions {
  county?: string | null;
  /** Operator-loaded proclamation and emergency days for this calendar ('YYYY-MM-DD'). */
  proclamationDays?: string[];
  /** Shift for fixed-date holidays when neither the holiday nor the calendar states one. */
  defaultObservedShift?: string | null;
}

/**
 * Is `localDate` (YYYY-MM-DD) a banned day in the calendar? Blocks both the actual date and the
 * observed substitute of fixed-date holidays (README 4.3); looks at the neighbouring years too, since
 * a Saturday New Year's Day is observed on December 31 of the year before.
 */
export function findHoliday(calendar: HolidayCalendar, localDate: string, options: HolidayLookupOptions = {}): HolidayHit | null {
  if (options.proclamationDays?.includes(localDate)) {
    return { name: 'proclaimed day (operator calendar)', actualDate: localDate, observed: false };
  }
  const year = Number(localDate.slice(0, 4));
  const calendarShift = calendar.observed ?? options.defaultObservedShift ?? null;
  for (const holiday of calendar.holidays) {
    if (holiday.counties && options.county && !holiday.counties.some((c) => c.toLowerCase() === options.county?.toLowerCase())) continue;
    const shiftText = holiday.observed ?? (holiday.rule.startsWith('fixed:') ? calendarShift : null);
    const shift = shiftText ? parseObservedShift(shiftText) : null;
    for (const y of [year - 1, year, year + 1]) {
      const actual = holidayDate(holiday.rule, y);
      if (!actual) continue;
      const actualIso = actual.toISODate();
      if (actualIso === localDate) return { name: holiday.name, actualDate: actualIso, observed: false };
      const shifted = shift ? applyShift(actual, shift) : null;
      if (shifted && shifted.toISODate() === localDate) return { name: holiday.name, actualDate: actualIso ?? localDate, observed: true };
    }
  }
  return null;
}

/** INV-15: is the calendar reviewed for this local year (by the JSON or by the practice policy)? */
export function isCalendarReviewed(calendar: HolidayCalendar, year: number, policyReviews: number[] = []): boolean {
  return calendar.reviewedForYear === year || policyReviews.includes(year);
}
