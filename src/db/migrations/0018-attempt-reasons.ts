/**
 * Decline and barrier reasons (issue 16, the dashboard's "decline and barrier reasons"): the category
 * staff pick when a patient declines, is not ready or opts out, so the report can say why.
 *   - attempts.reason: a key of domain/outcomes/barrier-reasons.ts, or null (none given, or an attempt
 *     from before this migration, or one imported from the practice system's contact log).
 * The keys are written out here, not imported: a migration must stay what it was when it ran.
 * One statement per entry (the embedded database runs them one at a time).
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table attempts add column reason text
     constraint attempts_reason_known check (reason in ('cost', 'insurance', 'time', 'transportation', 'anxiety', 'health', 'moved', 'other_dentist', 'not_interested', 'other'))`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
