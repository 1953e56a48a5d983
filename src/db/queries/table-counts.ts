/** Row counts per table: exact for small tables, the planner's estimate where exact would scan millions. */
import { sql, type Kysely } from 'kysely';
import { tablesInDependencyOrder, type Database, type TableName } from '../schema.js';

export async function countRowsPerTable(db: Kysely<Database>): Promise<Record<TableName, number>> {
  // One round trip: a UNION ALL of count(*) per table. Exact counts keep `recare stats` honest;
  // at 1M patients this is a few sequential scans, acceptable for an admin command.
  const parts = tablesInDependencyOrder.map((t) => `select '${t}' as table_name, count(*)::int8 as n from ${t}`);
  const result = await sql.raw<{ table_name: TableName; n: number }>(parts.join(' union all ')).execute(db);
  const counts = {} as Record<TableName, number>;
  for (const row of result.rows) counts[row.table_name] = row.n;
  return counts;
}

export async function countRows(db: Kysely<Database>, table: TableName): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
