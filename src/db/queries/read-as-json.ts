/**
 * Reads many rows as one JSON document. The embedded database hands every field of every row to
 * JavaScript as its own decoded string (≈2 µs a field: 30,000 due items take 650 ms), while one text
 * field holding `json_agg` of the rows costs one decode and a native `JSON.parse` (≈5× faster).
 * PostgreSQL does the same work either way, so both backends share this one path.
 *
 * Each row arrives as an array in the order of `columns`; JSON keeps numbers, booleans, strings
 * and arrays, while dates arrive as 'YYYY-MM-DD' and timestamps as ISO-8601 strings (the caller
 * turns those into Date objects).
 */
import { sql, type Expression, type Kysely } from 'kysely';

export async function readAsJson<Db>(db: Kysely<Db>, query: Expression<unknown>, columns: readonly string[]): Promise<unknown[][]> {
  const fields = sql.join(columns.map((c) => sql.ref(`r.${c}`)));
  const result = await sql<{ rows: string }>`select coalesce(json_agg(json_build_array(${fields})), '[]')::text as rows from (${query}) as r`.execute(db);
  return JSON.parse(result.rows[0]?.rows ?? '[]') as unknown[][];
}

/** A JSON timestamp (or null) as a Date. */
export const instant = (value: unknown): Date | null => (value === null || value === undefined ? null : new Date(value as string));
