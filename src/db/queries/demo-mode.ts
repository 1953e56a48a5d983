/** Whether the organization is the demo clinic (demo sign-ins shown, a demo banner in the app). */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { appendAuditEvent, type AuditEvent } from './audit-events.js';

export async function readDemoMode(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('organization').select('demo').executeTakeFirst())?.demo ?? false;
}

/**
 * Ends demo mode, auditing it as `organization.demo_ended` when it was on: only the caller whose
 * update changed the row audits, however many race. Call inside the transaction that brings the data.
 */
export async function endDemoMode(db: Kysely<Database>, at: Date, by: Pick<AuditEvent, 'actorUserId' | 'actorKind' | 'remoteAddress' | 'details'>): Promise<boolean> {
  const result = await db.updateTable('organization').set({ demo: false, updated_at: at }).where('demo', '=', true).executeTakeFirst();
  const ended = Number(result.numUpdatedRows) > 0;
  if (ended) await appendAuditEvent(db, { ...by, action: 'organization.demo_ended', entityType: 'organization', entityId: null, patientId: null });
  return ended;
}
