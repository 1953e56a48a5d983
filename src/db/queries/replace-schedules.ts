/**
 * The schedules import: a file replaces what the database holds for each provider (or, for rows
 * without a provider, each chair) at each office it names, once per import run; offices and
 * providers the file does not name keep their schedules.
 */
import type { Kysely } from 'kysely';
import type { StoreTransaction } from '../open-store.js';
import type { Database } from '../schema.js';
import type { MergeOutcome } from './import-staging.js';

export interface ScheduleStageRow {
  ord: number;
  locationId: number;
  providerId: number | null;
  chair: string | null;
  weekday: number | null;
  date: string | null;
  start: string | null;
  end: string | null;
}

/** Database ids of the offices and providers a batch names, by external id, within one source. */
export async function scheduleReferenceIds(
  db: Kysely<Database>, source: string, locationExternalIds: readonly string[], providerExternalIds: readonly string[],
): Promise<{ locations: Map<string, number>; providers: Map<string, number> }> {
  const locations = locationExternalIds.length === 0 ? [] : await db.selectFrom('locations').select(['id', 'external_id'])
    .where('external_source', '=', source).where('external_id', 'in', [...new Set(locationExternalIds)]).execute();
  const providers = providerExternalIds.length === 0 ? [] : await db.selectFrom('providers').select(['id', 'external_id'])
    .where('external_source', '=', source).where('external_id', 'in', [...new Set(providerExternalIds)]).execute();
  return {
    locations: new Map(locations.map((r) => [r.external_id, Number(r.id)])),
    providers: new Map(providers.map((r) => [r.external_id, Number(r.id)])),
  };
}

/** The owner whose stored rows a file row replaces. */
export function scheduleOwnerKey(row: Pick<ScheduleStageRow, 'locationId' | 'providerId' | 'chair'>): string {
  return row.providerId !== null ? `${row.locationId}|p${row.providerId}` : `${row.locationId}|c${row.chair ?? ''}`;
}

/**
 * Deletes the stored rows of every owner this run has not replaced yet (`replaced` carries that
 * across the run's batches), then inserts the batch's rows.
 */
export async function replaceSchedules(
  tx: StoreTransaction, rows: readonly ScheduleStageRow[], replaced: Set<string>, importRunId: number | null,
): Promise<MergeOutcome> {
  const { db } = tx;
  for (const row of rows) {
    const key = scheduleOwnerKey(row);
    if (replaced.has(key)) continue;
    replaced.add(key);
    let remove = db.deleteFrom('provider_schedules').where('location_id', '=', row.locationId);
    remove = row.providerId !== null
      ? remove.where('provider_id', '=', row.providerId)
      : remove.where('provider_id', 'is', null).where('chair', '=', row.chair ?? '');
    await remove.execute();
  }
  if (rows.length > 0) {
    await db.insertInto('provider_schedules').values(rows.map((r) => ({
      location_id: r.locationId, provider_id: r.providerId, chair: r.chair, weekday: r.weekday, on_date: r.date,
      starts_at: r.start, ends_at: r.end, import_run_id: importRunId,
    }))).execute();
  }
  return { inserted: rows.length, updated: [], rejected: [], unresolved: [] };
}
