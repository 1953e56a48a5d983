import { parsedFail, parsedOk, type Parsed } from './parsed.js';

/**
 * Recall intervals as PMS exports print them: Open Dental's API `6m1d`, `1y`, `3m`, `2w`, Dentrix
 * "6 months +1 day". Normalised to the compact y/m/w/d form; the interval is informational (the due
 * date is what the PMS computed), so this only checks it is readable.
 */
export function parseRecallInterval(raw: string): Parsed<string> {
  if (/^\d+$/.test(raw.trim())) return unpackOpenDentalInterval(Number(raw.trim()));
  const text = raw.trim().toLowerCase().replace(/\+\s*/g, ' ').replace(/\s+/g, ' ');
  const units: Record<string, string> = { y: 'y', year: 'y', years: 'y', m: 'm', mo: 'm', month: 'm', months: 'm', w: 'w', week: 'w', weeks: 'w', d: 'd', day: 'd', days: 'd' };
  const parts = [...text.matchAll(/(\d+)\s*([a-z]+)/g)];
  const consumed = parts.map((p) => p[0]).join('').replace(/\s/g, '');
  if (parts.length === 0 || consumed !== text.replace(/\s/g, '')) return parsedFail('is not an interval; use e.g. 6m, 6m1d or 1y');
  let compact = '';
  for (const [, count, unit] of parts) {
    const short = units[unit ?? ''];
    if (short === undefined) return parsedFail('is not an interval; use e.g. 6m, 6m1d or 1y');
    compact += `${count}${short}`;
  }
  return parsedOk(compact);
}

/**
 * Open Dental's database packs an interval into one int, 8 bits per unit: days in bits 0–7, weeks
 * 8–15, months 16–23, years 24–31 ("6 months + 1 day" = 6<<16 | 1 = 393217).
 */
function unpackOpenDentalInterval(packed: number): Parsed<string> {
  if (packed <= 0 || packed > 0xffffffff) return parsedFail('is not an interval; use e.g. 6m, 6m1d or 1y');
  const parts: [number, string][] = [[(packed >>> 24) & 0xff, 'y'], [(packed >>> 16) & 0xff, 'm'], [(packed >>> 8) & 0xff, 'w'], [packed & 0xff, 'd']];
  return parsedOk(parts.filter(([count]) => count > 0).map(([count, unit]) => `${count}${unit}`).join(''));
}
