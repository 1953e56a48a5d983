/** What the demo sandbox "sent" (0008): kept by key, so handing the same message over twice stores it once. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, SandboxMessagesTable } from '../schema.js';

export type SandboxMessage = Selectable<SandboxMessagesTable>;

/** Stores the message unless its key is already there; returns the stored row either way. */
export async function acceptSandboxMessage(db: Kysely<Database>, message: Omit<SandboxMessage, 'delivered_at' | 'replied_at'>): Promise<SandboxMessage> {
  await db.insertInto('sandbox_messages').values(message).onConflict((c) => c.column('key').doNothing()).execute();
  return db.selectFrom('sandbox_messages').selectAll().where('key', '=', message.key).executeTakeFirstOrThrow();
}

export async function findSandboxMessage(db: Kysely<Database>, key: string): Promise<SandboxMessage | undefined> {
  return db.selectFrom('sandbox_messages').selectAll().where('key', '=', key).executeTakeFirst();
}

/** Messages whose simulated delivery is due, marked delivered as they are taken. */
export async function takeDueDeliveries(db: Kysely<Database>, channel: 'sms' | 'email', now: Date, limit: number): Promise<SandboxMessage[]> {
  return db.updateTable('sandbox_messages').set({ delivered_at: now })
    .where('key', 'in', (q) => q.selectFrom('sandbox_messages').select('key').where('channel', '=', channel).where('delivered_at', 'is', null).where('deliver_at', '<=', now).orderBy('deliver_at').limit(limit))
    .returningAll().execute();
}

/** Simulated replies whose time has come, marked replied as they are taken. */
export async function takeDueReplies(db: Kysely<Database>, channel: 'sms' | 'email', now: Date, limit: number): Promise<SandboxMessage[]> {
  return db.updateTable('sandbox_messages').set({ replied_at: now })
    .where('key', 'in', (q) => q.selectFrom('sandbox_messages').select('key').where('channel', '=', channel).where('replied_at', 'is', null).where('reply_at', 'is not', null).where('reply_at', '<=', now).orderBy('reply_at').limit(limit))
    .returningAll().execute();
}
