/**
 * What the report needs to say when things happened (issue 16):
 *   - appointments.first_seen_at: when Recare first saw each appointment (an import, a sync or a
 *     booking). "Scheduled" credits a touch only with an appointment first seen within the
 *     attribution window after it, so this is written once, on insert, and never changed. Stored
 *     appointments take their created_at; rows written without it (tests, older code) get now().
 *   - contact_points.invalid_at: when a contact point was last marked invalid (wrong number, a hard
 *     bounce, a provider's refusal), so data problems can be counted per period;
 *   - indexes: attempts by time (the period's touches), appointments by patient and first sight, and by start.
 * One statement per entry (the embedded database runs them one at a time).
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table appointments add column first_seen_at timestamptz`,
  `update appointments set first_seen_at = created_at`,
  `alter table appointments alter column first_seen_at set not null`,
  `alter table appointments alter column first_seen_at set default now()`,
  `create index appointments_patient_first_seen on appointments (patient_id, first_seen_at)`,
  // The no-show rate reads the visits that started in the period, at every office.
  `create index appointments_starts on appointments (starts_at)`,

  `alter table contact_points add column invalid_at timestamptz`,
  `create index contact_points_invalid_at on contact_points (invalid_at) where invalid_at is not null`,

  `create index attempts_occurred on attempts (occurred_at)`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
