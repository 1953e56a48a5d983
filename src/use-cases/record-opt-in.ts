/**
 * A re-opt-in (START/UNSTOP, a signed consent): ends the opt-outs received before it that cover the
 * contact point (or all of them). Made durable before it is acknowledged (db/consent-journal.ts) and
 * recorded in the audit log.
 */
import { randomUUID } from 'node:crypto';
import type { OptOutSource } from '../domain/compliance/index.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import type { PatientReference } from '../db/queries/gate-facts.js';
import type { Deps } from './deps.js';
import { journalSubjectOf } from './journal-subject.js';

export async function recordOptIn(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: { patient: PatientReference; contactPointId: number | null; via: OptOutSource; actorUserId?: number | null }): Promise<{ journalId: string; patientId: number }> {
  const subject = await journalSubjectOf(deps, request.patient, request.contactPointId);
  const { patientId } = subject;
  const entry = { id: randomUUID(), type: 'opt_in' as const, patientId, contactPointId: request.contactPointId, receivedVia: request.via, receivedAt: deps.clock.now().toISOString(), subject };
  await deps.store.recordConsentChange(entry);
  const actorUserId = request.actorUserId ?? null;
  await appendAuditEvent(deps.store.db, {
    actorUserId, actorKind: actorUserId === null ? 'system' : 'user', action: 'opt_in.record', entityType: 'patient', entityId: String(patientId), patientId,
    remoteAddress: null, details: { journalId: entry.id, contactPointId: entry.contactPointId, via: entry.receivedVia },
  });
  deps.log.info({ patientId, journalId: entry.id, via: entry.receivedVia }, 'opt-in recorded');
  return { journalId: entry.id, patientId };
}
