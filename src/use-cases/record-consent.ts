/**
 * A consent given or withdrawn for one contact point, channel and purpose class. Made durable before
 * it is acknowledged (db/consent-journal.ts), recorded in the audit log, and in effect for the very
 * next decision of the gate.
 */
import { randomUUID } from 'node:crypto';
import type { ConsentRecord } from '../domain/compliance/index.js';
import type { PatientReference } from '../db/queries/gate-facts.js';
import type { Deps } from './deps.js';
import { journalSubjectOf } from './shared/journal-subject.js';
import { commitConsentChange } from './shared/commit-consent-change.js';

/** A consent as the gate reads it (ConsentRecord), for a patient named by their source id. */
export interface ConsentRequest extends Pick<ConsentRecord, 'contactPointId' | 'channel' | 'purposeClass' | 'kind' | 'granted' | 'source'> {
  patient: PatientReference;
  evidence?: string | null;
  actorUserId?: number | null;
}

export async function recordConsent(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: ConsentRequest): Promise<{ journalId: string; patientId: number }> {
  const subject = await journalSubjectOf(deps, request.patient, request.contactPointId);
  const { patientId } = subject;
  const entry = {
    id: randomUUID(),
    type: 'consent' as const,
    contactPointId: request.contactPointId,
    channel: request.channel,
    purposeClass: request.purposeClass,
    kind: request.kind,
    granted: request.granted,
    source: request.source,
    capturedAt: deps.clock.now().toISOString(),
    evidence: request.evidence ?? null,
    recordedBy: request.actorUserId ?? null,
    subject,
  };
  return commitConsentChange(deps, entry, patientId, { action: 'consent.record', actorUserId: request.actorUserId ?? null, details: { contactPointId: entry.contactPointId, channel: entry.channel, purposeClass: entry.purposeClass, kind: entry.kind, granted: entry.granted } });
}
