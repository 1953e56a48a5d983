/**
 * Consent and opt-out changes carry the id of their durable journal entry, so replaying the journal
 * after a crash or power cut inserts each change at most once.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table opt_outs add column journal_id uuid unique`,
  `alter table consents add column journal_id uuid unique`,
  // Not unique: one opt-in (START) can lift several opt-outs (texts, calls) at once.
  `alter table opt_outs add column revoked_journal_id uuid`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
