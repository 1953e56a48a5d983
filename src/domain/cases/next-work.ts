/**
 * What comes next when nothing is actionable now: for each office with work ahead, the office day on
 * which its first upcoming case falls (a case planned on a closed day counts on the next business
 * day, when the desk will actually see it), and the one sentence the worklist shows, e.g.
 * "Next: 202 cases from Tue 08:00 (Tampa)". Pure: the caller reads the first instants and the counts.
 */
import { DateTime } from 'luxon';
import { addCalendarDays, localDateOf, nextOpenInstant, startOfLocalDate, type BusinessCalendar } from '../cadence/index.js';

/** One office's first upcoming instant (locationId null: cases with no office). */
export interface FirstUpcoming {
  locationId: number | null;
  firstAt: Date;
}

/** The stretch of one office's next working day: cases with next_action_at in (now, until] count. */
export interface NextWorkWindow {
  locationId: number | null;
  from: Date;
  until: Date;
  timeZone: string;
}

export interface NextWorkPart extends NextWorkWindow {
  /** The office's name (or external id) for the sentence. */
  name: string;
  count: number;
}

export interface NextWork {
  /** The earliest instant any case in scope becomes actionable: the preview shows the list as of then. */
  at: Date;
  /** Per office, earliest first. */
  parts: NextWorkPart[];
  total: number;
  sentence: string;
}

/** The office day of each office's first upcoming case: until the end (local midnight) of that day. */
export function nextWorkWindows(firsts: readonly FirstUpcoming[], calendarOf: (locationId: number | null) => BusinessCalendar): NextWorkWindow[] {
  return firsts.map(({ locationId, firstAt }) => {
    const calendar = calendarOf(locationId);
    // The worklist is staff work: a remote team's extended hours count as part of the office day.
    const workday = localDateOf(calendar, nextOpenInstant(calendar, firstAt, 'staff'));
    return { locationId, from: firstAt, until: startOfLocalDate(addCalendarDays(workday, 1), calendar.timeZone), timeZone: calendar.timeZone };
  }).sort((a, b) => a.from.getTime() - b.from.getTime());
}

/** "Tue 08:00" in the office's zone; a date is added when the day is more than 6 days away from now. */
export function weekdayAndTime(instant: Date, zone: string, now: Date): string {
  const local = DateTime.fromJSDate(instant, { zone });
  const far = instant.getTime() - now.getTime() > 6 * 86_400_000;
  return local.toFormat(far ? 'ccc d LLL HH:mm' : 'ccc HH:mm');
}

/** The parts with their counts, and the sentence; null when nothing at all is planned ahead. */
export function describeNextWork(windows: readonly (NextWorkWindow & { name: string; count: number })[], now: Date): NextWork | null {
  const parts = windows.filter((w) => w.count > 0).sort((a, b) => a.from.getTime() - b.from.getTime() || b.count - a.count || a.name.localeCompare(b.name));
  const first = parts[0];
  if (!first) return null;
  const phrase = (p: NextWorkPart) => `${p.count} case${p.count === 1 ? '' : 's'} from ${weekdayAndTime(p.from, p.timeZone, now)} (${p.name})`;
  return {
    at: first.from,
    parts,
    total: parts.reduce((n, p) => n + p.count, 0),
    sentence: `Next: ${parts.map(phrase).join('; ')}`,
  };
}
