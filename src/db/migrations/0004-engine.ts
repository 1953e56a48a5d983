/**
 * What the recall engine stores beyond the domain schema (issue 6):
 *   - recall_programs.definition: the whole validated program (outreach, suppression, supersedes …);
 *     the older columns mirror its headline fields for SQL readers;
 *   - due_items: the program key, the exact outreach window, the suppression code and the fee, so the
 *     worklist and `explain` read them without re-evaluating;
 *   - cases: the anchors and program keys of their open reasons, the lead program, the earliest due
 *     date (segments, overdue days), the cadence bookkeeping (next channel, unanswered attempts,
 *     first attempt, the lead item's outreach window) and the snooze end;
 *   - indexes for the worklist (per location, per queue, per owner) and for the planner.
 * One statement per entry (the embedded database runs them one at a time).
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table recall_programs add column definition jsonb`,

  `alter table due_items add column program_key text`,
  `alter table due_items add column outreach_starts_at timestamptz`,
  `alter table due_items add column outreach_ends_at timestamptz`,
  `alter table due_items add column suppression_code text`,
  `alter table due_items add column fee_cents integer`,
  `alter table due_items add column updated_at timestamptz not null default now()`,

  `alter table cases add column reason_anchors text[] not null default '{}'`,
  `alter table cases add column program_keys text[] not null default '{}'`,
  `alter table cases add column lead_program_key text`,
  `alter table cases add column due_on date`,
  `alter table cases add column next_channel text check (next_channel in ('voice', 'sms', 'email'))`,
  `alter table cases add column unanswered_attempts integer not null default 0`,
  `alter table cases add column first_attempt_at timestamptz`,
  `alter table cases add column outreach_starts_at timestamptz`,
  `alter table cases add column outreach_ends_at timestamptz`,
  `alter table cases add column snoozed_until timestamptz`,

  // The worklist: actionable cases of one location (front desk) or one queue, in time order.
  `create index cases_worklist on cases (location_id, state, next_action_at) where state not in ('closed', 'scheduled')`,
  `create index cases_queue on cases (owner_queue, next_action_at) where owner_queue is not null and state <> 'closed'`,
  `create index cases_owner on cases (owner_user_id) where owner_user_id is not null and state <> 'closed'`,
  // The planner reads each patient's current or most recent case.
  `create index cases_patient on cases (patient_id, id)`,
  `create index due_items_case_open on due_items (case_id) where status = 'open'`,
  `create index escalations_case on escalations (case_id)`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
