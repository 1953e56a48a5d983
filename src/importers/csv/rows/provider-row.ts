import type { ProviderRecord } from '../../records.js';
import type { RowReader } from '../row-reader.js';
import { providerRole } from '../vocabularies.js';

export function parseProviderRow(row: RowReader): ProviderRecord | null {
  const externalId = row.required('provider_id');
  const name = row.required('name');
  const role = row.parse('role', providerRole, 'ignore') ?? 'other';
  if (row.rejected || externalId === null || name === null) return null;
  return { externalId, name, role, locationExternalId: row.text('location'), origin: row.origin };
}
