/**
 * Location settings (issue 14): the caller ID staff calls show and texts go out from, and the name
 * emails go out under (locations.email, 0008, is the address replies go to). Office hours per weekday,
 * extended hours and closures live in the existing locations.hours jsonb (both shapes are read).
 * One statement per entry (the embedded database runs them one at a time).
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table locations add column caller_id text`,
  `alter table locations add column sender_name text`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
