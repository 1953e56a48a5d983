import { DateTime } from 'luxon';

/**
 * Open Dental's date-time text, "yyyy-MM-dd HH:mm:ss", in the office server's wall time (no offset
 * on the wire). It sorts as text, which is how DateTStamp filters compare.
 */
export const odDateTimePattern = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
export const odDatePattern = /^\d{4}-\d{2}-\d{2}$/;
/** Open Dental's "no date". */
export const odNoDate = '0001-01-01';

export function formatOdDateTime(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm:ss');
}

/** A real calendar date-time in Open Dental's format (the pattern alone lets 2026-02-30 through). */
export function isOdDateTime(text: string): boolean {
  return odDateTimePattern.test(text) && DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss').isValid;
}

export function isOdDate(text: string): boolean {
  return odDatePattern.test(text) && DateTime.fromFormat(text, 'yyyy-MM-dd').isValid;
}
