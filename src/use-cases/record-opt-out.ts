/**
 * An opt-out (a STOP reply, a staff entry, the "Opted out" outcome). Made durable before it is
 * acknowledged (see db/consent-journal.ts), recorded in the audit log, and in effect for the very
 * next decision: the gate reads opt-outs from the database on every call, so "within a minute" is "at once".
 */
import { randomUUID } from 'node:crypto';
import type { Channel, OptOutSource, PurposeClass } from '../domain/compliance/index.js';
import { revokeOpenLinks } from '../db/queries/booking-links.js';
import type { PatientReference } from '../db/queries/gate-facts.js';
import type { Deps } from './deps.js';
import { journalSubjectOf } from './shared/journal-subject.js';
import { commitConsentChange } from './shared/commit-consent-change.js';

export interface OptOutRequest {
  patient: PatientReference;
  /** null: every contact point of the patient (strict mode's revoke-all). */
  contactPointId: number | null;
  channel: Channel | null;
  purposeClass: PurposeClass | null;
  via: OptOutSource;
  evidence?: string | null;
  actorUserId?: number | null;
}

export async function recordOptOut(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: OptOutRequest): Promise<{ journalId: string; patientId: number }> {
  const subject = await journalSubjectOf(deps, request.patient, request.contactPointId);
  const { patientId } = subject;
  const entry = {
    id: randomUUID(),
    type: 'opt_out' as const,
    patientId,
    contactPointId: request.contactPointId,
    channel: request.channel,
    purposeClass: request.purposeClass,
    receivedVia: request.via,
    receivedAt: deps.clock.now().toISOString(),
    recordedBy: request.actorUserId ?? null,
    evidence: request.evidence ?? null,
    subject,
  };
  const committed = await commitConsentChange(deps, entry, patientId, { action: 'opt_out.record', actorUserId: request.actorUserId ?? null, details: { contactPointId: entry.contactPointId, channel: entry.channel, purposeClass: entry.purposeClass, via: entry.receivedVia } });
  await revokeOpenLinks(deps.store.db, { patientId }, 'opt-out', deps.clock.now());
  return committed;
}
