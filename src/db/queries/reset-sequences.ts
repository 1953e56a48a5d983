/** After loading rows with explicit ids (COPY), move each identity sequence past the highest id. */
import { sql, type Kysely } from 'kysely';
import type { Database, TableName } from '../schema.js';

export async function resetIdentitySequences(db: Kysely<Database>, tables: TableName[]): Promise<void> {
  for (const table of tables) {
    await sql
      .raw(`select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)`)
      .execute(db);
  }
}

/** Empties every table (demo --reset). Identity sequences restart at 1. */
export async function truncateAll(db: Kysely<Database>, tables: TableName[]): Promise<void> {
  // Append-only triggers fire on UPDATE/DELETE only; TRUNCATE is the explicit, whole-database reset.
  await sql.raw(`truncate ${tables.join(', ')} restart identity cascade`).execute(db);
}
