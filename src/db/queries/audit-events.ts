/** The append-only audit log: who did what to which record, when, from where. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface AuditEvent {
  actorUserId: number | null;
  actorKind: 'user' | 'system' | 'cli';
  action: string;
  entityType: string;
  entityId: string | null;
  patientId: number | null;
  remoteAddress: string | null;
  details: Record<string, unknown>;
  at?: Date;
}

export async function appendAuditEvent(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      ...(event.at ? { at: event.at } : {}),
      actor_user_id: event.actorUserId,
      actor_kind: event.actorKind,
      action: event.action,
      entity_type: event.entityType,
      entity_id: event.entityId,
      patient_id: event.patientId,
      remote_address: event.remoteAddress,
      details: JSON.stringify(event.details),
    } as never)
    .execute();
}

export interface AuditFilter {
  userId?: number;
  patientId?: number;
  from?: Date;
  to?: Date;
  limit: number;
}

export async function listAuditEvents(db: Kysely<Database>, filter: AuditFilter) {
  let query = db
    .selectFrom('audit_events as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select(['a.id', 'a.at', 'a.actor_user_id', 'u.email as actor_email', 'a.actor_kind', 'a.action', 'a.entity_type', 'a.entity_id', 'a.patient_id', 'a.remote_address', 'a.details'])
    .orderBy('a.id', 'desc')
    .limit(filter.limit);
  if (filter.userId !== undefined) query = query.where('a.actor_user_id', '=', filter.userId);
  if (filter.patientId !== undefined) query = query.where('a.patient_id', '=', filter.patientId);
  if (filter.from) query = query.where('a.at', '>=', filter.from);
  if (filter.to) query = query.where('a.at', '<', filter.to);
  return query.execute();
}
