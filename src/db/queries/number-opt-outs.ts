/**
 * STOP kept by the number itself (see migration 0008): it binds every patient who has the number,
 * now or later. START from the number, or a consent recorded on it, ends it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function insertNumberOptOut(db: Kysely<Database>, value: string, receivedAt: Date, evidence: string): Promise<void> {
  await db.insertInto('number_opt_outs').values({ value, received_at: receivedAt, evidence }).execute();
}

/** Ends the number's opt-outs received before `at`; how many ended. */
export async function revokeNumberOptOuts(db: Kysely<Database>, value: string, at: Date): Promise<number> {
  const result = await db.updateTable('number_opt_outs').set({ revoked_at: at })
    .where('value', '=', value).where('revoked_at', 'is', null).where('received_at', '<=', at).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Whether the number has an opt-out of its own still in force. */
export async function numberOptedOut(db: Kysely<Database>, value: string): Promise<boolean> {
  return (await db.selectFrom('number_opt_outs').select('id').where('value', '=', value).where('revoked_at', 'is', null).limit(1).executeTakeFirst()) !== undefined;
}

/** Whether any patient has this number or address. */
export async function isPatientContact(db: Kysely<Database>, value: string): Promise<boolean> {
  return (await db.selectFrom('contact_points').select('id').where('value', '=', value).limit(1).executeTakeFirst()) !== undefined;
}
