/**
 * Password checks per sign-in email (keyed by a hash of the normalised email, known account or not).
 * A reservation runs in one transaction holding the row lock (SELECT … FOR UPDATE), so parallel
 * sign-ins count one after another on PostgreSQL as on the embedded database.
 */
import type { Kysely } from 'kysely';
import type { SignInAttempts } from '../../domain/access/index.js';
import type { Database } from '../schema.js';

export async function reserveSignInAttempt<T extends { next: SignInAttempts }>(db: Kysely<Database>, emailKey: string, at: Date, decide: (current: SignInAttempts) => T): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await tx.insertInto('sign_in_attempts').values({ email_key: emailKey, attempts: 0, locked_until: null, last_attempt_at: at }).onConflict((oc) => oc.column('email_key').doNothing()).execute();
    const row = await tx.selectFrom('sign_in_attempts').select(['attempts', 'locked_until', 'last_attempt_at']).where('email_key', '=', emailKey).forUpdate().executeTakeFirstOrThrow();
    const decision = decide({ attempts: row.attempts, lockedUntil: row.locked_until, lastAttemptAt: row.attempts === 0 ? null : row.last_attempt_at });
    await tx.updateTable('sign_in_attempts').set({ attempts: decision.next.attempts, locked_until: decision.next.lockedUntil, last_attempt_at: at }).where('email_key', '=', emailKey).execute();
    // Rows of other emails untouched for a day, and not locked, are gone: spraying random emails cannot grow the table without end.
    await tx.deleteFrom('sign_in_attempts').where('email_key', '<>', emailKey).where('last_attempt_at', '<', new Date(at.getTime() - 86_400_000))
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at)])).execute();
    return decision;
  });
}

/** A successful sign-in (or an administrator's reset) ends the window. */
export async function forgetSignInAttempts(db: Kysely<Database>, emailKey: string): Promise<void> {
  await db.deleteFrom('sign_in_attempts').where('email_key', '=', emailKey).execute();
}
