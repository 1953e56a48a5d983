/** A patient's texts and emails both ways, for the case screen's conversation. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function patientMessages(db: Kysely<Database>, patientId: number) {
  const outbound = await db.selectFrom('outbox as o').leftJoin('users as u', 'u.id', 'o.created_by')
    .select(['o.id', 'o.channel', 'o.created_at', 'o.sent_at', 'o.body', 'o.free_text', 'o.subject', 'o.state', 'o.delivery_state', 'o.reason', 'o.origin', 'u.display_name as author', 'o.template_key'])
    .where('o.patient_id', '=', patientId).where('o.channel', 'in', ['sms', 'email']).orderBy('o.id').limit(500).execute();
  const inbound = await db.selectFrom('inbound_messages').select(['id', 'channel', 'received_at', 'body', 'flagged'])
    .where(sql<boolean>`${patientId}::bigint = any(patient_ids)`).orderBy('id').limit(500).execute();
  return { outbound, inbound };
}
