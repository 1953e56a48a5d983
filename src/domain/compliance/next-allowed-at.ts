/**
 * The earliest instant within the horizon at which only-time-dependent blocks (windows, days,
 * holidays, caps) have all lifted. Being allowed can only begin where something changes: a window
 * opening in some zone, a local midnight (new weekday, holiday over, daily cap reset) or an attempt
 * leaving a rolling cap window. So the search evaluates exactly those instants, in order, and returns
 * the first that passes the full time-dependent check. Every instant returned was itself evaluated,
 * so the answer is allowed by construction.
 */
import { atLocalTimeIn, formatDay, localDayIn, startOfLocalDate } from '../cadence/zoned-time.js';

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
    const first = localDayIn(new Date(from), zone);
    if (first === null) continue;
    for (let day = first; ; day++) {
      const date = formatDay(day);
      if (date === null) break;
      const midnight = startOfLocalDate(date, zone).getTime();
      if (!(midnight <= to)) break;
      if (midnight > from) out.add(midnight);
      for (const minute of search.windowStartMinutes) {
        // A wall time that DST skips moves to the next valid instant (luxon's rule), which is what we want.
        const t = atLocalTimeIn(date, Math.floor(minute / 60), minute % 60, zone).getTime();
        if (t > from && t <= to) out.add(t);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

export function findNextAllowedAt(search: NextAllowedSearch, from: number, horizonMs = searchHorizonMs): number | null {
  for (const t of candidateInstants(search, from, from + horizonMs)) if (search.isClearAt(t)) return t;
  return null;
}
