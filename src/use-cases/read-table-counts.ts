/** `recare stats`: rows per table. */
import { countRowsPerTable } from '../db/queries/table-counts.js';
import type { TableName } from '../db/schema.js';
import type { Deps } from './deps.js';

export async function readTableCounts(deps: Pick<Deps, 'store'>): Promise<Record<TableName, number>> {
  return countRowsPerTable(deps.store.db);
}
