/**
 * The one way a consent change lands: made durable (the consent journal, fsync'd before it is applied),
 * then audited, then logged by id. Shared by the opt-out, opt-in and consent use-cases so none can
 * acknowledge a change it has not journaled, or journal one it does not audit.
 */
import type { JournalEntry } from '../../db/consent-journal.js';
import { appendAuditEvent } from '../../db/queries/audit-events.js';
import type { Deps } from '../deps.js';

export async function commitConsentChange(
  deps: Pick<Deps, 'store' | 'log'>,
  entry: JournalEntry,
  patientId: number,
  audit: { action: 'opt_out.record' | 'opt_in.record' | 'consent.record'; actorUserId: number | null; details: Record<string, unknown> },
): Promise<{ journalId: string; patientId: number }> {
  await deps.store.recordConsentChange(entry);
  const { actorUserId } = audit;
  await appendAuditEvent(deps.store.db, {
    actorUserId, actorKind: actorUserId === null ? 'system' : 'user', action: audit.action, entityType: 'patient', entityId: String(patientId), patientId,
    remoteAddress: null, details: { journalId: entry.id, ...audit.details },
  });
  deps.log.info({ patientId, journalId: entry.id }, `${audit.action.replace('.record', '').replace('_', '-')} recorded`);
  return { journalId: entry.id, patientId };
}
