/**
 * The earliest instant within the horizon at which only-time-dependent blocks (windows, days,
 * holidays, caps) have all lifted. Being allowed can only begin where something changes: a window
 * opening in some zone, a local midnight (new weekday, holiday over, daily cap reset) or an attempt
 * leaving a rolling cap window. So the search evaluates exactly those instants, in order, and returns
 * the first that passes the full time-dependent check. Every instant returned was itself evaluated,
 * so the answer is allowed by construction.
 */
import { DateTime } from 'luxon';

export const searchHorizonMs = 14 * 24 * 3_600_000;

export interface NextAllowedSearch {
  /** Zones whose local midnights and window starts matter. */
  zones: string[];
  /** Local minutes-after-midnight at which some window opens. */
  windowStartMinutes: number[];
  /** Other instants at which a block can lift (cap expiries), epoch ms. */
  extraInstants: number[];
  /** true when nothing time-dependent blocks at `at`. */
  isClearAt: (at: number) => boolean;
}

export function candidateInstants(search: NextAllowedSearch, from: number, to: number): number[] {
  const out = new Set<number>(search.extraInstants.filter((t) => t > from && t <= to));
  for (const zone of search.zones) {
    let dayStart = DateTime.fromMillis(from, { zone }).startOf('day');
    while (dayStart.toMillis() <= to) {
      const midnight = dayStart.toMillis();
      if (midnight > from && midnight <= to) out.add(midnight);
      for (const minute of search.windowStartMinutes) {
        // luxon moves a wall time that DST skips to the next valid instant, which is what we want.
        const t = dayStart.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toMillis();
        if (t > from && t <= to) out.add(t);
      }
      dayStart = dayStart.plus({ days: 1 }).startOf('day');
    }
  }
  return [...out].sort((a, b) => a - b);
}

export function findNextAllowedAt(search: NextAllowedSearch, from: number, horizonMs = searchHorizonMs): number | null {
  for (const t of candidateInstants(search, from, from + horizonMs)) if (search.isClearAt(t)) return t;
  return null;
}
