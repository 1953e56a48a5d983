/** Sign-in sessions: looked up by the SHA-256 of the cookie token; never by the token itself. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface SessionRow {
  id: string;
  userId: number;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

export async function insertSession(db: Kysely<Database>, session: SessionRow & { remoteAddress: string | null; userAgent: string | null }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ id: session.id, user_id: session.userId, csrf_token: session.csrfToken, created_at: session.createdAt, last_seen_at: session.lastSeenAt, remote_address: session.remoteAddress, user_agent: session.userAgent })
    .execute();
}

export async function findSession(db: Kysely<Database>, id: string): Promise<SessionRow | undefined> {
  const row = await db.selectFrom('sessions').select(['id', 'user_id', 'csrf_token', 'created_at', 'last_seen_at', 'revoked_at']).where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, userId: row.user_id, csrfToken: row.csrf_token, createdAt: row.created_at, lastSeenAt: row.last_seen_at, revokedAt: row.revoked_at };
}

export async function touchSession(db: Kysely<Database>, id: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function revokeSession(db: Kysely<Database>, id: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function revokeAllSessions(db: Kysely<Database>, userId: number, at: Date): Promise<number> {
  const result = await db.updateTable('sessions').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Ends every session of the user except `keepId` (after a password change, other devices sign in again). */
export async function revokeOtherSessions(db: Kysely<Database>, userId: number, keepId: string, at: Date): Promise<number> {
  const result = await db.updateTable('sessions').set({ revoked_at: at }).where('user_id', '=', userId).where('id', '!=', keepId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
