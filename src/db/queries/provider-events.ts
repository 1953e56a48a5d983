/** Delivery reports already applied (0008), by the provider's event id: providers retry, each applies once. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function eventApplied(db: Kysely<Database>, provider: string, eventId: string): Promise<boolean> {
  return (await db.selectFrom('provider_events').select('event_id').where('provider', '=', provider).where('event_id', '=', eventId).executeTakeFirst()) !== undefined;
}
