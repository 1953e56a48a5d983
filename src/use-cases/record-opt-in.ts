/**
 * A re-opt-in (START/UNSTOP, a signed consent): ends the opt-outs received before it that cover the
 * contact point (or all of them). Made durable before it is acknowledged (db/consent-journal.ts) and
 * recorded in the audit log.
 */
import { randomUUID } from 'node:crypto';
import type { OptOutSource } from '../domain/compliance/index.js';
import type { PatientReference } from '../db/queries/gate-facts.js';
import { revokeNumberOptOuts } from '../db/queries/number-opt-outs.js';
import type { Deps } from './deps.js';
import { journalSubjectOf } from './shared/journal-subject.js';
import { commitConsentChange } from './shared/commit-consent-change.js';

export async function recordOptIn(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: { patient: PatientReference; contactPointId: number | null; via: OptOutSource; actorUserId?: number | null }): Promise<{ journalId: string; patientId: number }> {
  const subject = await journalSubjectOf(deps, request.patient, request.contactPointId);
  const { patientId } = subject;
  const entry = { id: randomUUID(), type: 'opt_in' as const, patientId, contactPointId: request.contactPointId, receivedVia: request.via, receivedAt: deps.clock.now().toISOString(), subject };
  const committed = await commitConsentChange(deps, entry, patientId, { action: 'opt_in.record', actorUserId: request.actorUserId ?? null, details: { contactPointId: entry.contactPointId, via: entry.receivedVia } });
  // A STOP kept by the number (number_opt_outs) ends too: the number's owner has opted back in on it.
  // After the journal: a crash between the two leaves the number blocked, the safe side.
  if (request.contactPointId !== null) {
    const point = await deps.store.db.selectFrom('contact_points').select('value').where('id', '=', request.contactPointId).executeTakeFirst();
    if (point) await revokeNumberOptOuts(deps.store.db, point.value, deps.clock.now());
  }
  return committed;
}
