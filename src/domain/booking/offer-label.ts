/**
 * How an offered time reads to the patient, in the office's zone: "Tue, Dec 8 · 9:00 AM". English
 * (en-US) whatever the server's locale, so tests and pages read the same everywhere.
 */
import { DateTime } from 'luxon';

export function offerLabel(startsAt: Date, timeZone: string, locale = 'en-US'): string {
  return DateTime.fromJSDate(startsAt, { zone: timeZone }).setLocale(locale).toFormat("ccc, LLL d '·' h:mm a");
}
