/** Second-factor recovery codes: stored hashed, each usable once. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function replaceRecoveryCodes(db: Kysely<Database>, userId: number, codeHashes: readonly string[], at: Date): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    if (codeHashes.length) await tx.insertInto('recovery_codes').values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: at }))).execute();
  });
}

/** Uses one code; false when it is unknown or already used (checked and marked in one statement). */
export async function useRecoveryCode(db: Kysely<Database>, userId: number, codeHash: string, at: Date): Promise<boolean> {
  const row = await db.updateTable('recovery_codes').set({ used_at: at }).where('user_id', '=', userId).where('code_hash', '=', codeHash).where('used_at', 'is', null).returning('user_id').executeTakeFirst();
  return row !== undefined;
}

export async function countUnusedRecoveryCodes(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteRecoveryCodes(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}
