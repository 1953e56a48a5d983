/** Attempts (every touch and its outcome) since an instant, page by page, with their patient's source ids; undone outcomes are left out. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { attemptNotVoided } from './voided-attempts.js';

export interface ExportedAttempt {
  id: number;
  occurredAt: Date;
  patientId: number;
  patientSource: string;
  patientExternalId: string;
  channel: string;
  direction: 'out' | 'in';
  actorKind: string;
  purpose: string | null;
  programKeys: string[];
  outcome: string | null;
  /** Why the patient declined, is not ready or opted out (a barrier reason key), when staff said. */
  reason: string | null;
  note: string | null;
  callbackAt: Date | null;
  templateKey: string | null;
  /** The provider's latest answer (sent, delivered, failed…), when there is one. */
  deliveryStatus: string | null;
}

export async function listAttemptsSince(db: Kysely<Database>, since: Date | null, afterId: number, limit: number): Promise<ExportedAttempt[]> {
  const rows = await sql<{
    id: number; occurred_at: Date; patient_id: number; external_source: string; external_id: string; channel: string; direction: 'out' | 'in';
    actor_kind: string; purpose: string | null; program_keys: string[]; outcome: string | null; reason: string | null; note: string | null; callback_at: Date | null;
    template_key: string | null; delivery_status: string | null;
  }>`select a.id, a.occurred_at, a.patient_id, p.external_source, p.external_id, a.channel, a.direction, a.actor_kind, a.purpose, a.program_keys,
      a.outcome, a.reason, a.note, a.callback_at, a.template_key,
      (select e.status from attempt_events e where e.attempt_id = a.id and e.status <> 'voided' order by e.occurred_at desc, e.id desc limit 1) as delivery_status
    from attempts a join patients p on p.id = a.patient_id
    where a.id > ${afterId} and ${attemptNotVoided('a.id')} and (${since === null ? null : since.toISOString()}::timestamptz is null or a.occurred_at >= ${since === null ? null : since.toISOString()}::timestamptz)
    order by a.id limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({
    id: Number(r.id), occurredAt: r.occurred_at, patientId: Number(r.patient_id), patientSource: r.external_source, patientExternalId: r.external_id,
    channel: r.channel, direction: r.direction, actorKind: r.actor_kind, purpose: r.purpose, programKeys: r.program_keys, outcome: r.outcome, reason: r.reason, note: r.note,
    callbackAt: r.callback_at, templateKey: r.template_key, deliveryStatus: r.delivery_status,
  }));
}
