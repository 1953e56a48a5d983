import { formatCalendarDay, isCalendarDay } from './calendar-day.js';
import { parsedFail, parsedOk, type Parsed } from './parsed.js';

export interface DateParseOptions {
  /** Accept US `M/D/YYYY` as well (Open Dental, Dentrix and athenahealth exports); never D/M/YYYY. */
  usDates?: boolean;
}

/**
 * Open Dental writes `0001-01-01` for "no date" (and some exports `01/01/0001`); that is absence,
 * not a date in year 1, so it parses to null rather than failing.
 */
const sentinels = new Set(['0001-01-01', '01/01/0001', '1/1/0001', '0000-00-00']);

/** Parses a calendar date to `YYYY-MM-DD`; a date-time's time part is dropped (the date as written in the source). */
export function parseCalendarDate(raw: string, options: DateParseOptions = {}): Parsed<string | null> {
  const text = raw.trim();
  if (sentinels.has(text)) return parsedOk(null);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(text);
  const us = options.usDates ? /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: .*)?$/.exec(text) : null;
  const parts = iso ? { y: iso[1], m: iso[2], d: iso[3] } : us ? { y: us[3], m: us[1], d: us[2] } : null;
  const expected = options.usDates ? 'use YYYY-MM-DD or MM/DD/YYYY, e.g. 1984-03-21' : 'use YYYY-MM-DD, e.g. 1984-03-21';
  if (!parts) return parsedFail(`is not a date; ${expected}`);
  const [year, month, day] = [Number(parts.y), Number(parts.m), Number(parts.d)];
  if (!isCalendarDay(year, month, day)) return parsedFail(`is not a real calendar date; ${expected}`);
  return parsedOk(formatCalendarDay(year, month, day));
}
