/**
 * When each patient's plan must be looked at again although none of their data changed (issue 6):
 * the recall engine's horizon (an outreach window opening or closing, an appointment's start
 * passing, a planned procedure ageing out), stored per patient. The scheduled plan takes the
 * replan queue plus every patient whose recheck time has come, instead of re-evaluating everyone.
 * Existing patients are due at once, so the first scheduled plan after the upgrade covers them.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table plan_rechecks (
     patient_id bigint primary key references patients(id) on delete cascade,
     recheck_at timestamptz not null
   )`,
  `create index plan_rechecks_due on plan_rechecks (recheck_at, patient_id)`,
  `insert into plan_rechecks (patient_id, recheck_at) select id, now() from patients`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
