/**
 * What every engine use case needs once per call: the programs (defaults seeded when missing), the
 * offices with their business calendars, and the practice's policy (contact policy and engine settings).
 */
import { businessCalendarFor, type BusinessCalendar } from '../../domain/cadence/index.js';
import type { ContactPolicy } from '../../domain/compliance/index.js';
import { calendarSettingsOf } from '../../domain/locations/location-settings.js';
import type { HoldoutPolicy, RankingPolicy, RecallSettings } from '../../domain/policy/index.js';
import type { RecallProgram } from '../../domain/recall/index.js';
import { loadEngineLocations, type EngineLocation } from '../../db/queries/engine-locations.js';
import { loadPracticePolicy } from '../../db/queries/organization-policy.js';
import { loadPrograms, type StoredProgram } from '../../db/queries/recall-programs.js';
import type { Deps } from '../deps.js';

export interface EngineContext {
  programs: StoredProgram[];
  enabled: RecallProgram[];
  programByKey: Map<string, StoredProgram>;
  locations: Map<number, EngineLocation & { calendar: BusinessCalendar }>;
  settings: RecallSettings;
  contactPolicy: ContactPolicy;
  ranking: RankingPolicy;
  holdout: HoldoutPolicy;
  /** The office of a patient (null: the first office, else America/New_York). */
  zoneOf(locationId: number | null): string;
  calendarOf(locationId: number | null): BusinessCalendar;
}

const fallbackZone = 'America/New_York';

export async function loadEngineContext(deps: Pick<Deps, 'store'>): Promise<EngineContext> {
  const { db } = deps.store;
  const [programs, locationRows, policy] = await Promise.all([loadPrograms(db), loadEngineLocations(db), loadPracticePolicy(db)]);
  const locations = new Map(locationRows.map((l) => [l.id, { ...l, calendar: businessCalendarFor(l, calendarSettingsOf(l.hours)) }]));
  const first = locationRows[0];
  const fallbackCalendar = first ? (locations.get(first.id)?.calendar as BusinessCalendar) : businessCalendarFor({ timeZone: fallbackZone, state: null });
  const calendarOf = (id: number | null) => (id !== null ? locations.get(id)?.calendar : undefined) ?? fallbackCalendar;
  return {
    programs,
    enabled: programs.filter((p) => p.program.enabled).map((p) => p.program),
    programByKey: new Map(programs.map((p) => [p.program.key, p])),
    locations,
    settings: policy.recall,
    contactPolicy: policy.contact,
    ranking: policy.ranking,
    holdout: policy.holdout,
    zoneOf: (id) => calendarOf(id).timeZone,
    calendarOf,
  };
}
