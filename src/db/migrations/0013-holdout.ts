/**
 * The randomized holdout (issue 16): each due item's outreach group, drawn once when the planner
 * first records the item and never drawn again:
 *   - due_items.outreach_group: 'holdout' (no proactive outreach for this item) or 'outreach';
 *     null when the item's program held out nobody at that time (its holdout was off);
 *   - due_items.outreach_group_at: when it was drawn (the planner's time), shown as "held out since …".
 * The report compares the two groups per program; items with a null group are in neither.
 * One statement per entry (the embedded database runs them one at a time).
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table due_items add column outreach_group text check (outreach_group in ('holdout', 'outreach'))`,
  `alter table due_items add column outreach_group_at timestamptz`,
  // The report reads each program's groups; a partial index keeps it off the many items with no group.
  `create index due_items_outreach_group on due_items (program_key, outreach_group) where outreach_group is not null`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
