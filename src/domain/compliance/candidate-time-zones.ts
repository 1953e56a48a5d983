/**
 * Every time zone the patient might be in right now (README 7.2). Strict mode takes the union of all
 * sources — a wrong guess costs a lawsuit, a conservative one an hour — and the gate allows a touch
 * only where every candidate's local time is inside every window.
 */
import { lookup as zipTableLookup } from 'zipcode-to-timezone';
import zipExtras from './data/zip-time-zone-extras.json' with { type: 'json' };
import { isValidTimeZone } from '../cadence/zoned-time.js';
import { areaCodeOf, lookupAreaCode } from './area-codes.js';
import type { ContactPointFacts, PatientFacts } from './types.js';

export type TimeZoneSource = 'patient_override' | 'zip_table' | 'zip_centroid' | 'practice_location' | 'area_code';

export interface TimeZoneCandidate {
  zone: string;
  source: TimeZoneSource;
  /** What produced it: the ZIP, the area code, the override value. */
  from: string;
}

export interface CandidateTimeZones {
  /** Distinct zones, highest-ranked source first. */
  zones: string[];
  candidates: TimeZoneCandidate[];
  /** Values that named no usable IANA zone (they are ignored, never guessed). */
  rejected: { source: TimeZoneSource; value: string }[];
}

// zipcode-to-timezone still uses deprecated link names; use the canonical zone.
const deprecatedLinks: Record<string, string> = { 'America/Shiprock': 'America/Denver' };
const extras = zipExtras as Record<string, string | string[]>;

function canonical(zone: string): string {
  return deprecatedLinks[zone] ?? zone;
}

/** Normalises '12345-6789' and ' 12345 ' to '12345'; null when it is not a US ZIP. */
export function fiveDigitZip(zip: string | null): string | null {
  const m = zip ? /^\s*(\d{5})(?:-?\d{4})?\s*$/.exec(zip) : null;
  return m?.[1] ?? null;
}

export function candidateTimeZones(patient: PatientFacts, contactPoint: ContactPointFacts | null): CandidateTimeZones {
  const candidates: TimeZoneCandidate[] = [];
  const rejected: CandidateTimeZones['rejected'] = [];
  const add = (zone: string, source: TimeZoneSource, from: string): void => {
    const z = canonical(zone.trim());
    if (isValidTimeZone(z)) candidates.push({ zone: z, source, from });
    else rejected.push({ source, value: zone });
  };

  // Highest rank but not exclusive in strict mode: a confirmed zone can be stale too.
  if (patient.timeZoneOverride) add(patient.timeZoneOverride, 'patient_override', patient.timeZoneOverride);

  const zip = fiveDigitZip(patient.zip);
  if (zip) {
    const tableZone = zipTableLookup(zip);
    if (tableZone) add(tableZone, 'zip_table', zip);
    // Where the ZIP table disagrees with the ZIP centroid's polygon (or lacks the ZIP), both count.
    const extra = extras[zip];
    for (const z of extra === undefined ? [] : Array.isArray(extra) ? extra : [extra]) add(z, 'zip_centroid', zip);
  }

  if (patient.homeLocation?.timeZone) add(patient.homeLocation.timeZone, 'practice_location', patient.homeLocation.timeZone);

  if (contactPoint?.kind === 'phone') {
    const npa = areaCodeOf(contactPoint.value);
    const info = npa ? lookupAreaCode(npa) : null;
    for (const z of info?.zones ?? []) add(z, 'area_code', npa ?? '');
  }

  return { zones: [...new Set(candidates.map((c) => c.zone))], candidates, rejected };
}
