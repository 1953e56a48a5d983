/** What the import needs to read before staging a batch: office time zones and patients' home offices. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Every office of one source, external id → IANA zone (a practice has a handful of offices). */
export async function locationTimeZones(db: Kysely<Database>, source: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('locations').select(['external_id', 'time_zone']).where('external_source', '=', source).execute();
  return new Map(rows.map((r) => [r.external_id, r.time_zone]));
}

/** For local times without an office: each patient's home office zone and ZIP, by external id. */
export async function patientHomeZones(db: Kysely<Database>, source: string, externalIds: readonly string[]): Promise<Map<string, { zone: string | null; zip: string | null }>> {
  const found = new Map<string, { zone: string | null; zip: string | null }>();
  const unique = [...new Set(externalIds)];
  // In slices: one query's bind parameters stop at 65,535.
  for (let i = 0; i < unique.length; i += 10_000) {
    const rows = await db
      .selectFrom('patients as p')
      .leftJoin('locations as l', 'l.id', 'p.home_location_id')
      .select(['p.external_id', 'l.time_zone', 'p.zip'])
      .where('p.external_source', '=', source)
      .where('p.external_id', 'in', unique.slice(i, i + 10_000))
      .execute();
    for (const r of rows) found.set(r.external_id, { zone: r.time_zone, zip: r.zip });
  }
  return found;
}

/** The only office of the whole database, when there is exactly one (a single-office practice). */
export async function onlyLocationTimeZone(db: Kysely<Database>): Promise<string | null> {
  const rows = await db.selectFrom('locations').select('time_zone').limit(2).execute();
  return rows.length === 1 ? (rows[0]?.time_zone ?? null) : null;
}
