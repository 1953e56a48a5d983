/** An office's public face (name, number, street address, time zone): what message templates may say about the practice. */
import { sql, type Kysely } from 'kysely';
import type { LocationScope } from '../../domain/access/index.js';
import type { Database } from '../schema.js';

export interface OfficeProfile {
  externalId: string;
  name: string;
  phone: string | null;
  address: string | null;
  timeZone: string;
}

/** The office named by external id (or, without one, the first) among the caller's offices. */
export async function officeProfileInScope(db: Kysely<Database>, scope: LocationScope, externalId: string | null): Promise<OfficeProfile | undefined> {
  let query = db.selectFrom('locations').select(['external_id', 'name', 'phone', 'address1', 'city', 'state', 'zip', 'time_zone']);
  if (!scope.allLocations) query = query.where(sql<boolean>`id = any(${[...scope.locationIds, -1]}::bigint[])`);
  if (externalId !== null) query = query.where('external_id', '=', externalId);
  const row = await query.orderBy('id').limit(1).executeTakeFirst();
  if (!row) return undefined;
  const cityLine = [row.city, [row.state?.trim(), row.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return {
    externalId: row.external_id, name: row.name, phone: row.phone, timeZone: row.time_zone,
    address: [row.address1, cityLine].filter(Boolean).join(', ') || null,
  };
}

/** The organization's name, for a preview when the caller has no office. */
export async function organizationName(db: Kysely<Database>): Promise<string | null> {
  return (await db.selectFrom('organization').select('name').executeTakeFirst())?.name ?? null;
}
