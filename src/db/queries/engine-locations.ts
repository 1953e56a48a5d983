/**
 * What the recall engine reads once per run besides the programs and the practice's policy
 * (organization-policy.ts): the offices, with their zone, state and hours.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface EngineLocation {
  id: number;
  externalId: string;
  name: string;
  city: string | null;
  timeZone: string;
  state: string | null;
  holidaysRegion: string | null;
  hours: Record<string, unknown>;
}

export async function loadEngineLocations(db: Kysely<Database>): Promise<EngineLocation[]> {
  const rows = await db.selectFrom('locations').select(['id', 'external_id', 'name', 'city', 'time_zone', 'state', 'holidays_region', 'hours']).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, externalId: r.external_id, name: r.name, city: r.city, timeZone: r.time_zone, state: r.state?.trim() ?? null, holidaysRegion: r.holidays_region, hours: r.hours ?? {} }));
}
