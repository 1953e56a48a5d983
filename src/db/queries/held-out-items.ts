/** The randomized holdout as staff see it: a case's held-out items, a patient's held-out reasons. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Whether every open item of the case is held out (and it has some): then nothing proactive is planned for it. */
export async function isHeldOutOnly(db: Kysely<Database>, caseId: number): Promise<boolean> {
  const row = await db.selectFrom('due_items')
    .select([sql<number>`count(*)::int`.as('open'), sql<number>`(count(*) filter (where outreach_group = 'holdout'))::int`.as('held')])
    .where('case_id', '=', caseId).where('status', '=', 'open').executeTakeFirst();
  return row !== undefined && Number(row.open) > 0 && Number(row.held) === Number(row.open);
}

export interface HeldOutItem {
  programKey: string;
  anchor: string;
  /** When the item was drawn into the holdout. */
  since: Date;
}

/** The patient's open (or suppressed) items held out from outreach, oldest draw first. */
export async function heldOutItemsOf(db: Kysely<Database>, patientId: number): Promise<HeldOutItem[]> {
  const rows = await db.selectFrom('due_items').select(['program_key', 'anchor', 'outreach_group_at'])
    .where('patient_id', '=', patientId).where('outreach_group', '=', 'holdout').where('status', 'in', ['open', 'suppressed'])
    .orderBy('outreach_group_at').orderBy('id').execute();
  return rows.map((r) => ({ programKey: r.program_key ?? '', anchor: r.anchor, since: new Date(r.outreach_group_at as Date) }));
}
