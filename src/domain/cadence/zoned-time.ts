/**
 * Fast local calendar arithmetic for the recall engine's hot paths, giving exactly what luxon gives.
 *
 * Calendar dates are 'YYYY-MM-DD' strings at the edges and epoch-day integers (days since
 * 1970-01-01) inside. A zone's UTC offset is read from a table per zone and UTC day, filled on first
 * use with luxon's own IANAZone.offset at each midnight UTC: a day whose two ends have the same
 * offset has it all day (a zone changes offset at most once a day). Luxon itself answers whenever
 * the fast path could differ from it: a day with an offset change within a day of the local time (a
 * wall time in a DST gap or overlap, where luxon's answer depends on its offset guess), an offset
 * that is not a whole number of minutes (historic local mean time), an unusual year, or input that
 * is not a strict 'YYYY-MM-DD' date. The tables only memoize a pure function of their keys, so the
 * domain stays free of observable state.
 */
import { DateTime, IANAZone } from 'luxon';

export const msPerDay = 86_400_000;
const msPerMinute = 60_000;

export interface DateParts {
  years?: number | undefined;
  months?: number | undefined;
  weeks?: number | undefined;
  days?: number | undefined;
  hours?: number | undefined;
}

// ---- epoch days ---------------------------------------------------------------------------------

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year, month, day of an epoch day (civil_from_days). */
export function civilOf(epochDay: number): [number, number, number] {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (month <= 2 ? 1 : 0), month, day];
}

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : (monthDays[month - 1] as number);
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;

/** The epoch day of a strict 'YYYY-MM-DD' date, or null for anything else (luxon then decides). */
export function parseDay(date: string): number | null {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return null;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = digit(date, i);
    if (d < 0 || d > 9) return null;
    year = year * 10 + d;
  }
  const m1 = digit(date, 5), m2 = digit(date, 6), d1 = digit(date, 8), d2 = digit(date, 9);
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return null;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return epochDayOf(year, month, day);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad4 = (n: number) => (n < 10 ? `000${n}` : n < 100 ? `00${n}` : n < 1000 ? `0${n}` : `${n}`);

/** 'YYYY-MM-DD' of an epoch day, or null outside years 0–9999 (luxon writes those differently). */
export function formatDay(epochDay: number): string | null {
  const [y, m, d] = civilOf(epochDay);
  if (y < 0 || y > 9999) return null;
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/** ISO weekday of an epoch day: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

/**
 * A date plus years, months, weeks and days the way luxon's DateTime#plus counts them: years and
 * months first, the day clamped to the end of the resulting month, then weeks and days.
 */
export function addToDay(epochDay: number, parts: DateParts): number {
  const years = Math.trunc(parts.years ?? 0);
  const months = Math.trunc(parts.months ?? 0);
  const days = Math.trunc(parts.days ?? 0) + Math.trunc(parts.weeks ?? 0) * 7;
  if (years === 0 && months === 0) return epochDay + days;
  const [y, m, d] = civilOf(epochDay);
  const total = (y + years) * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return epochDayOf(year, month, 1) + Math.min(d, daysInMonth(year, month)) - 1 + days;
}

const hasDateParts = (p: DateParts) => !!(Math.trunc(p.years ?? 0) || Math.trunc(p.months ?? 0) || Math.trunc(p.weeks ?? 0) || Math.trunc(p.days ?? 0));
// Whole numbers only: luxon turns fractions of a unit into milliseconds, which the fast path does not.
const numeric = (p: DateParts) => [p.years, p.months, p.weeks, p.days, p.hours].every((v) => v === undefined || Number.isInteger(v));

// ---- zones --------------------------------------------------------------------------------------

interface ZoneTable {
  zone: IANAZone;
  /** Epoch day → luxon's offset (minutes) at its midnight UTC. */
  atMidnight: Map<number, number>;
  /** Epoch day → the offset through that day and the days either side when it is one whole number of minutes, else NaN. */
  settled: Map<number, number>;
}

const zoneTables = new Map<string, ZoneTable | null>();

function tableOf(name: string): ZoneTable | null {
  let table = zoneTables.get(name);
  if (table === undefined) {
    table = IANAZone.isValidZone(name) ? { zone: IANAZone.create(name), atMidnight: new Map(), settled: new Map() } : null;
    zoneTables.set(name, table);
  }
  return table;
}

/** Whether `name` is an IANA zone (memoized: luxon builds an Intl formatter on every check). */
export function isValidTimeZone(name: string): boolean {
  return tableOf(name) !== null;
}

function midnightOffset(t: ZoneTable, day: number): number {
  let offset = t.atMidnight.get(day);
  if (offset === undefined) {
    offset = t.zone.offset(day * msPerDay);
    t.atMidnight.set(day, offset);
  }
  return offset;
}

/** The zone's offset through all of UTC day `day`, or null when it changes that day. */
function steadyOffset(t: ZoneTable, day: number): number | null {
  const start = midnightOffset(t, day);
  return start === midnightOffset(t, day + 1) ? start : null;
}

/** The offset (minutes) luxon reports for an instant. */
function offsetAt(t: ZoneTable, ms: number): number {
  return steadyOffset(t, Math.floor(ms / msPerDay)) ?? t.zone.offset(ms);
}

/** Local wall-clock milliseconds of an instant, as luxon computes its fields (Date truncates). */
function localMs(t: ZoneTable, ms: number): number {
  return Math.trunc(ms + offsetAt(t, ms) * 60 * 1000);
}

/**
 * The one instant whose local time in the zone is `local` (wall-clock ms), when the offset is the same
 * whole number of minutes from a day before to a day after; null otherwise (luxon's answer then).
 */
function uniqueInstant(t: ZoneTable, local: number): number | null {
  const day = Math.floor(local / msPerDay);
  let offset = t.settled.get(day);
  if (offset === undefined) {
    const o = steadyOffset(t, day);
    offset = o !== null && Number.isInteger(o) && steadyOffset(t, day - 1) === o && steadyOffset(t, day + 1) === o ? o : Number.NaN;
    t.settled.set(day, offset);
  }
  return Number.isNaN(offset) ? null : local - offset * msPerMinute;
}

// ---- what the engine asks -----------------------------------------------------------------------

/** The local calendar date of an instant in a zone ('' for an invalid instant or zone, like luxon's null). */
export function localDateIn(instant: Date, zone: string): string {
  const ms = instant.getTime();
  const t = tableOf(zone);
  if (t !== null && !Number.isNaN(ms)) {
    const text = formatDay(Math.floor(localMs(t, ms) / msPerDay));
    if (text !== null) return text;
  }
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
}

/** The local epoch day of an instant, or null when luxon would not give a plain date. */
export function localDayIn(instant: Date, zone: string): number | null {
  const ms = instant.getTime();
  const t = tableOf(zone);
  if (t === null || Number.isNaN(ms)) return null;
  return Math.floor(localMs(t, ms) / msPerDay);
}

/** The local calendar fields of an instant, as luxon's DateTime.fromMillis(ms, { zone }) has them. */
export interface LocalFields {
  /** Epoch day of the local date. */
  day: number;
  year: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Minutes after local midnight, with seconds and milliseconds as a fraction. */
  minuteOfDay: number;
  /** 'YYYY-MM-DD'. */
  date: string;
  /** 'HH:mm'. */
  time: string;
}

/** Local fields of an instant in a zone (the contact gate reads them for every instant it checks). */
export function localFieldsAt(ms: number, zone: string): LocalFields {
  const t = tableOf(zone);
  if (t !== null && !Number.isNaN(ms)) {
    const local = localMs(t, ms);
    const day = Math.floor(local / msPerDay);
    const date = formatDay(day);
    if (date !== null) {
      const msOfDay = local - day * msPerDay;
      const minutes = Math.floor(msOfDay / msPerMinute);
      const rest = msOfDay - minutes * msPerMinute;
      // Summed as luxon's fields would be (hour·60 + minute + second/60 + ms/60000), to the last bit.
      const minuteOfDay = Math.floor(minutes / 60) * 60 + (minutes % 60) + Math.floor(rest / 1000) / 60 + (rest % 1000) / 60000;
      return { day, year: civilOf(day)[0], weekday: weekdayOf(day), minuteOfDay, date, time: `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}` };
    }
  }
  const dt = DateTime.fromMillis(ms, { zone });
  return {
    day: Math.floor((dt.toMillis() + dt.offset * msPerMinute) / msPerDay), year: dt.year, weekday: dt.weekday,
    minuteOfDay: dt.hour * 60 + dt.minute + dt.second / 60 + dt.millisecond / 60000, date: dt.toISODate() ?? '', time: dt.toFormat('HH:mm'),
  };
}

/** Minutes after local midnight of an instant. */
export function localMinutesIn(instant: Date, zone: string): number {
  const ms = instant.getTime();
  const t = tableOf(zone);
  if (t !== null && !Number.isNaN(ms)) {
    const local = localMs(t, ms);
    return Math.floor((local - Math.floor(local / msPerDay) * msPerDay) / msPerMinute);
  }
  const dt = DateTime.fromJSDate(instant, { zone });
  return dt.hour * 60 + dt.minute;
}

/** 'HH:mm' of an instant in a zone (luxon's toFormat('HH:mm')). */
export function localTimeIn(instant: Date, zone: string): string {
  const ms = instant.getTime();
  const t = tableOf(zone);
  if (t !== null && !Number.isNaN(ms)) {
    const minutes = localMinutesIn(instant, zone);
    return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
  }
  return DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');
}

/** 'yyyy-MM-dd HH:mm' of an instant in a zone (luxon's toFormat('yyyy-MM-dd HH:mm')). */
export function localDateTimeIn(instant: Date, zone: string): string {
  const ms = instant.getTime();
  const t = tableOf(zone);
  if (t !== null && !Number.isNaN(ms)) {
    const date = formatDay(Math.floor(localMs(t, ms) / msPerDay));
    if (date !== null) return `${date} ${localTimeIn(instant, zone)}`;
  }
  return DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

/** Local midnight of an epoch day in a zone, as ms, when it is one plain instant; else null. */
export function midnightMsOf(epochDay: number, zone: string): number | null {
  const t = tableOf(zone);
  return t === null ? null : uniqueInstant(t, epochDay * msPerDay);
}

/** The instant a local day starts (DateTime.fromISO(date, { zone }).toJSDate()). */
export function startOfLocalDate(date: string, zone: string): Date {
  const day = parseDay(date);
  if (day !== null) {
    const ms = midnightMsOf(day, zone);
    if (ms !== null) return new Date(ms);
  }
  return DateTime.fromISO(date, { zone }).toJSDate();
}

/**
 * The instant of a local wall time on a local date:
 * DateTime.fromISO(date, { zone }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate().
 */
export function atLocalTimeIn(date: string, hour: number, minute: number, zone: string): Date {
  const day = parseDay(date);
  const t = tableOf(zone);
  if (day !== null && t !== null && Number.isInteger(hour) && Number.isInteger(minute) && hour >= 0 && hour < 24 && minute >= 0 && minute < 60
    && uniqueInstant(t, day * msPerDay) !== null) {
    const ms = uniqueInstant(t, day * msPerDay + (hour * 60 + minute) * msPerMinute);
    if (ms !== null) return new Date(ms);
  }
  return DateTime.fromISO(date, { zone }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/** A local date plus a duration (hours ignored): DateTime.fromISO(date, { zone: 'utc' }).plus(parts).toISODate() ?? date. */
export function addToLocalDate(date: string, parts: DateParts): string {
  const day = parseDay(date);
  if (day !== null && numeric(parts)) {
    const text = formatDay(addToDay(day, parts));
    if (text !== null) return text;
  }
  const { hours: _hours, ...rest } = parts;
  return DateTime.fromISO(date, { zone: 'utc' }).plus(rest).toISODate() ?? date;
}

/** An instant plus a duration counted in a zone: DateTime.fromJSDate(instant, { zone }).plus(parts).toJSDate(). */
export function addToInstantIn(instant: Date, parts: DateParts, zone: string): Date {
  const ms = instant.getTime();
  const t = tableOf(zone);
  if (t !== null && !Number.isNaN(ms) && numeric(parts)) {
    const offset = offsetAt(t, ms);
    if (Number.isInteger(offset)) {
      const local = ms + offset * msPerMinute;
      const day = Math.floor(local / msPerDay);
      // Without a calendar part luxon keeps the instant (its offset guess is the instant's own offset).
      const at = hasDateParts(parts) ? uniqueInstant(t, addToDay(day, parts) * msPerDay + (local - day * msPerDay)) : ms;
      if (at !== null) return new Date(at + (parts.hours ?? 0) * 3_600_000);
    }
  }
  return DateTime.fromJSDate(instant, { zone }).plus(parts).toJSDate();
}
