/**
 * Area code (NPA) → states and IANA time zones. The generated table (data/npa-time-zones.json) comes
 * from Google libphonenumber metadata; the curated split list (data/split-area-codes.json, README 7.3)
 * is added on top so a split NPA always yields every zone it spans. See data/PROVENANCE.md.
 */
import npaTable from './data/npa-time-zones.json' with { type: 'json' };
import splitTable from './data/split-area-codes.json' with { type: 'json' };

export interface AreaCodeInfo {
  npa: string;
  states: string[];
  zones: string[];
  /** true when the curated split list names this NPA. */
  split: boolean;
}

type Entry = { states: string[]; zones: string[] };
const generated = npaTable as Record<string, Entry>;
const curated = (splitTable as { areaCodes: Record<string, Entry & { why: string }> }).areaCodes;

/** The NPA of a NANP number in E.164 (+1NPANXXXXXX); null for anything else. */
export function areaCodeOf(e164: string): string | null {
  const m = /^\+1([2-9]\d{2})[2-9]\d{6}$/.exec(e164.trim());
  return m?.[1] ?? null;
}

export function lookupAreaCode(npa: string): AreaCodeInfo | null {
  const base = generated[npa];
  const split = curated[npa];
  if (!base && !split) return null;
  const states = [...new Set([...(base?.states ?? []), ...(split?.states ?? [])])];
  const zones = [...new Set([...(base?.zones ?? []), ...(split?.zones ?? [])])];
  return { npa, states, zones, split: split !== undefined };
}

export function splitAreaCodes(): string[] {
  return Object.keys(curated);
}
