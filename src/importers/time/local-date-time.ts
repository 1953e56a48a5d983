import { DateTime, IANAZone } from 'luxon';
import { formatCalendarDay, isCalendarDay, two } from '../values/calendar-day.js';
import { parsedFail, parsedOk, type Parsed } from '../values/parsed.js';

/**
 * A date-time as the source wrote it. PMS exports give practice-local wall time without an offset,
 * and which zone applies depends on the appointment's location, which the importer may not know
 * yet; so we keep the wall time and resolve it later with resolveLocalDateTime.
 */
export interface LocalDateTime {
  /** `YYYY-MM-DDTHH:mm:ss`, no offset. */
  local: string;
  /** `Z` or `±HH:MM` when the source stated one (FHIR always does); null means "the location's zone". */
  offset: string | null;
}

export interface DateTimeParseOptions {
  /** Accept `MM/DD/YYYY HH:MM[:SS] [AM|PM]` as well. */
  usDates?: boolean;
  /** Accept a bare date as local midnight (contact logs often carry dates only). */
  allowDateOnly?: boolean;
}

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const usPattern = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i;

export function parseLocalDateTime(raw: string, options: DateTimeParseOptions = {}): Parsed<LocalDateTime> {
  const text = raw.trim();
  const expected = `use an ISO date-time such as 2026-05-04T09:30 (local) or 2026-05-04T09:30-05:00${options.usDates ? ', or 05/04/2026 09:30' : ''}`;
  let fields: { year: number; month: number; day: number; hour: number; minute: number; second: number; hasTime: boolean; offset: string | null } | null = null;
  const iso = isoPattern.exec(text);
  if (iso) {
    fields = {
      year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]),
      hour: Number(iso[4] ?? 0), minute: Number(iso[5] ?? 0), second: Number(iso[6] ?? 0),
      hasTime: iso[4] !== undefined, offset: normalizeOffset(iso[7]),
    };
    if (!fields.hasTime && fields.offset !== null) fields = null;
  } else if (options.usDates) {
    const us = usPattern.exec(text);
    if (us) {
      let hour = Number(us[4] ?? 0);
      const meridiem = us[7]?.toUpperCase();
      if (meridiem !== undefined && (hour < 1 || hour > 12)) return parsedFail(`is not a valid time; ${expected}`);
      if (meridiem === 'PM' && hour < 12) hour += 12;
      if (meridiem === 'AM' && hour === 12) hour = 0;
      fields = {
        year: Number(us[3]), month: Number(us[1]), day: Number(us[2]),
        hour, minute: Number(us[5] ?? 0), second: Number(us[6] ?? 0), hasTime: us[4] !== undefined, offset: null,
      };
    }
  }
  if (!fields) return parsedFail(`is not a date-time; ${expected}`);
  if (!fields.hasTime && !options.allowDateOnly) return parsedFail(`has no time of day; ${expected}`);
  const { year, month, day, hour, minute, second } = fields;
  // The common case by arithmetic (a luxon DateTime per cell dominated reading a large file); 24:00,
  // which luxon rolls over to the next day's midnight, still goes through luxon.
  if (hour <= 23) {
    if (!isCalendarDay(year, month, day) || minute > 59 || second > 59) return parsedFail(`is not a real date and time; ${expected}`);
    return parsedOk({ local: `${formatCalendarDay(year, month, day)}T${two(hour)}:${two(minute)}:${two(second)}`, offset: fields.offset });
  }
  const check = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone: 'UTC' });
  if (!check.isValid) return parsedFail(`is not a real date and time; ${expected}`);
  return parsedOk({ local: check.toFormat("yyyy-MM-dd'T'HH:mm:ss"), offset: fields.offset });
}

function normalizeOffset(offset: string | undefined): string | null {
  if (offset === undefined) return null;
  if (offset.toUpperCase() === 'Z') return 'Z';
  const digits = offset.replace(':', '');
  return `${digits.slice(0, 3)}:${digits.slice(3)}`;
}

export type ResolvedDateTime =
  | { ok: true; /** ISO-8601 UTC instant. */ instant: string; /** The wall time occurs twice (DST ends); the first occurrence was chosen. */ ambiguous: boolean }
  | { ok: false; reason: 'nonexistent_local_time' | 'invalid_time_zone'; message: string };

/**
 * Turns a LocalDateTime into an instant. An explicit offset wins; otherwise the wall time is read in
 * `timeZone`. A wall time inside a spring-forward gap does not exist, and guessing would book the
 * patient an hour off, so it is reported instead; a fall-back time that occurs twice takes the first.
 */
export function resolveLocalDateTime(value: LocalDateTime, timeZone: string): ResolvedDateTime {
  if (value.offset !== null) {
    const fixed = DateTime.fromISO(`${value.local}${value.offset}`, { setZone: true });
    return { ok: true, instant: fixed.toUTC().toISO() ?? '', ambiguous: false };
  }
  if (!IANAZone.isValidZone(timeZone)) {
    return { ok: false, reason: 'invalid_time_zone', message: `"${timeZone}" is not an IANA time zone; use e.g. America/Chicago` };
  }
  const inZone = DateTime.fromISO(value.local, { zone: timeZone });
  if (inZone.toFormat("yyyy-MM-dd'T'HH:mm:ss") !== value.local) {
    return {
      ok: false, reason: 'nonexistent_local_time',
      message: `${value.local} does not exist in ${timeZone} (the clocks skip that hour for daylight saving time); correct the time in the source`,
    };
  }
  const candidates = inZone.getPossibleOffsets().map((d) => d.toUTC()).sort((a, b) => a.toMillis() - b.toMillis());
  const first = candidates[0] ?? inZone.toUTC();
  return { ok: true, instant: first.toISO() ?? '', ambiguous: candidates.length > 1 };
}
