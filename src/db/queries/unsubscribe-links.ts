/** One-click unsubscribe links (0008): only the token's SHA-256 is kept, with whose address it stops. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function insertUnsubscribeLink(db: Kysely<Database>, link: { tokenSha256: string; patientId: number; contactPointId: number; outboxId: number | null; now: Date }): Promise<void> {
  await db.insertInto('unsubscribe_links').values({ token_sha256: link.tokenSha256, patient_id: link.patientId, contact_point_id: link.contactPointId, outbox_id: link.outboxId, created_at: link.now }).execute();
}

export async function findUnsubscribeLink(db: Kysely<Database>, tokenSha256: string): Promise<{ patientId: number; contactPointId: number; usedAt: Date | null } | undefined> {
  const row = await db.selectFrom('unsubscribe_links').select(['patient_id', 'contact_point_id', 'used_at']).where('token_sha256', '=', tokenSha256).executeTakeFirst();
  return row ? { patientId: row.patient_id, contactPointId: row.contact_point_id, usedAt: row.used_at } : undefined;
}

export async function markUnsubscribeLinkUsed(db: Kysely<Database>, tokenSha256: string, now: Date): Promise<void> {
  await db.updateTable('unsubscribe_links').set({ used_at: now }).where('token_sha256', '=', tokenSha256).where('used_at', 'is', null).execute();
}
