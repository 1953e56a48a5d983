/** The append-only audit log: who did what to which record, when, from where. */
import { sql, type Kysely } from 'kysely';
import type { LocationScope } from '../../domain/access/index.js';
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
  /** The reader's offices: a location-limited reader sees only what auditEventVisibleIn lets through. */
  scope?: LocationScope;
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
  if (filter.scope && !filter.scope.allLocations) query = query.where(auditEventVisibleIn(filter.scope.locationIds));
  return query.execute();
}

/** An entity id that names a row by its number (guarded, so a non-numeric id is never cast). */
const numericEntityId = sql`(case when a.entity_id ~ '^[0-9]{1,18}$' then a.entity_id::bigint end)`;

/**
 * What a reader limited to some offices may see of the audit log (`a` is the event):
 * - an event about a patient — it names the patient, or a case, attempt or escalation of one — only
 *   when the patient's home office is theirs (an event whose patient cannot be found is hidden);
 * - a practice-wide event (sign-ins, refused requests, programs, policy, templates, users, imports)
 *   only when every user it names (who acted; the account, for events about a user) works at one of
 *   their offices or at all of them; an event that names no user (the command line, the system) is shown.
 */
function auditEventVisibleIn(locationIds: readonly number[]) {
  const offices = sql`${[...locationIds]}::bigint[]`;
  return sql<boolean>`(case
    when a.patient_id is not null or a.entity_type in ('patient', 'case', 'attempt', 'escalation') then coalesce((
      select p.home_location_id = any(${offices}) from patients p where p.id = coalesce(a.patient_id, case a.entity_type
        when 'case' then (select c.patient_id from cases c where c.id = ${numericEntityId})
        when 'attempt' then (select t.patient_id from attempts t where t.id = ${numericEntityId})
        when 'escalation' then (select e.patient_id from escalations e where e.id = ${numericEntityId})
      end)), false)
    else not exists (
      select 1 from users u
      where u.id in (a.actor_user_id, case when a.entity_type = 'user' then ${numericEntityId} end)
        and not u.all_locations
        and not exists (select 1 from user_locations ul where ul.user_id = u.id and ul.location_id = any(${offices})))
  end)`;
}
