/** Which demo cases get a simulated past week of outreach: recall cases still at their first call, spread over the offices. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function casesForDemoOutreach(db: Kysely<Database>, programKeys: readonly string[], limit: number): Promise<{ caseId: number; locationId: number | null }[]> {
  const rows = await db.selectFrom('cases').select(['id', 'location_id'])
    .where('state', '=', 'open').where('cadence_step', '=', 0).where('next_channel', '=', 'voice')
    .where(sql<boolean>`lead_program_key = any(${[...programKeys]}::text[])`)
    // Every other case by id: a stable sample across offices rather than the first office's oldest.
    .where(sql<boolean>`id % 2 = 1`)
    .orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ caseId: r.id, locationId: r.location_id }));
}
