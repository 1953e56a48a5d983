import type { ScheduleRecord } from '../../records.js';
import { formatCalendarDay, isCalendarDay } from '../../values/calendar-day.js';
import { parsedFail, parsedOk, type Parsed } from '../../values/parsed.js';
import type { RowReader } from '../row-reader.js';

const weekdayNumbers: Readonly<Record<string, number>> = {
  mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3, thu: 4, thur: 4, thurs: 4, thursday: 4,
  fri: 5, friday: 5, sat: 6, saturday: 6, sun: 7, sunday: 7,
};

/** mon…sun (or the full name), or 1…7 with 1 = Monday (ISO). */
export function parseWeekday(text: string): Parsed<number> {
  const key = text.trim().toLowerCase().replace(/\.$/, '');
  if (/^[1-7]$/.test(key)) return parsedOk(Number(key));
  const day = weekdayNumbers[key];
  return day !== undefined ? parsedOk(day) : parsedFail('is not a weekday; use mon, tue, wed, thu, fri, sat or sun, or 1–7 with 1 = Monday');
}

/** A date as YYYY-MM-DD only: schedules are read by people in many locales, so no M/D guessing. */
export function parseScheduleDate(text: string): Parsed<string> {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return parsedFail('is not a date; use YYYY-MM-DD, e.g. 2026-12-24');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isCalendarDay(year, month, day)) return parsedFail('is not a real calendar date; use YYYY-MM-DD, e.g. 2026-12-24');
  return parsedOk(formatCalendarDay(year, month, day));
}

/** HH:mm on a 24-hour clock, local to the office; 8:00 reads as 08:00. */
export function parseLocalTime(text: string): Parsed<string> {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
    return parsedFail('is not a time of day; use HH:mm on a 24-hour clock, from 00:00 to 23:59, e.g. 08:00 or 17:30');
  }
  return parsedOk(`${match[1]?.padStart(2, '0')}:${match[2]}`);
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export function parseScheduleRow(row: RowReader): ScheduleRecord | null {
  const locationExternalId = row.required('location');
  const providerExternalId = row.text('provider');
  const chair = row.text('chair');
  const weekday = row.parse('weekday', parseWeekday, 'reject');
  const date = row.parse('date', parseScheduleDate, 'reject');
  const start = row.parse('start', parseLocalTime, 'reject');
  const end = row.parse('end', parseLocalTime, 'reject');
  if (row.rejected) return null;

  if (providerExternalId === null && chair === null) {
    row.reject(null, null, 'has neither a provider nor a chair; give the provider\'s id, the chair (operatory), or both; the row was not imported');
  }
  const hasWeekday = row.text('weekday') !== null;
  const hasDate = row.text('date') !== null;
  if (hasWeekday && hasDate) {
    row.reject('date', row.raw('date'), `is given together with weekday ${JSON.stringify(row.raw('weekday'))}; give a weekday (every week) or a date (that day only), not both; the row was not imported`);
  } else if (!hasWeekday && !hasDate) {
    row.reject('weekday', '', 'is empty and so is date; give a weekday (mon…sun or 1–7, every week) or a date (YYYY-MM-DD, that day only); the row was not imported');
  }
  if ((start === null) !== (end === null)) {
    const missing = start === null ? 'start' : 'end';
    row.reject(missing, '', `is empty while ${missing === 'start' ? 'end' : 'start'} is given; give both times (HH:mm), or leave both empty on a date row for "not working that day"; the row was not imported`);
  } else if (start === null && hasWeekday && !hasDate) {
    row.reject('start', '', 'is empty; a weekday row needs start and end (HH:mm, e.g. 08:00 and 17:00); only a date row may leave both empty (not working that day); the row was not imported');
  } else if (start !== null && end !== null && minutesOf(end) <= minutesOf(start)) {
    row.reject('end', row.raw('end'), `must be after start ${start}; a schedule runs within one day; the row was not imported`);
  }
  if (row.rejected || row.skipped || locationExternalId === null) return null;
  return { providerExternalId, locationExternalId, weekday: hasDate ? null : weekday, date, start, end, chair, origin: row.origin };
}
