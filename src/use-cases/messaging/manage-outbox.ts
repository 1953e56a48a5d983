/**
 * The managers' view of automated messaging: the Outbox (what is due and why, what went, what failed
 * or was skipped and why, with a retry), the switch that pauses all automated messages (audited,
 * effective at the dispatcher's next look, seconds away), and replies from numbers that match no patient.
 */
import type { LocationScope } from '../../domain/access/index.js';
import { AppError } from '../../domain/errors.js';
import { appendAuditEvent } from '../../db/queries/audit-events.js';
import { listUnmatched } from '../../db/queries/inbound-messages.js';
import { findOutboxEntry, listOutbox, readPause, requeueEntry, writePause } from '../../db/queries/outbox.js';
import type { Deps } from '../deps.js';
import { requireAllOffices } from '../practice-wide-access.js';

export const outboxFilters = ['due', 'claimed', 'sending', 'sent', 'failed', 'skipped', 'all'] as const;

export async function readOutbox(deps: Pick<Deps, 'store'>, request: { state: (typeof outboxFilters)[number]; limit: number; scope: LocationScope }) {
  const { db } = deps.store;
  const listing = await listOutbox(db, { state: request.state === 'all' ? null : request.state, limit: request.limit, locationIds: request.scope.allLocations ? null : request.scope.locationIds });
  const patientIds = [...new Set(listing.entries.map((e) => e.patient_id).filter((id): id is number => id !== null))];
  const externalIds = new Map((patientIds.length ? await db.selectFrom('patients').select(['id', 'external_id']).where('id', 'in', patientIds).execute() : []).map((p) => [p.id, p.external_id]));
  return {
    paused: (await readPause(db)).paused,
    counts: listing.counts,
    entries: listing.entries.map((e) => ({
      id: e.id, key: e.key, origin: e.origin, channel: e.channel, caseId: e.case_id, patientId: e.patient_id === null ? null : externalIds.get(e.patient_id) ?? null,
      state: e.state, dueAt: e.due_at.toISOString(), nextTryAt: e.next_try_at.toISOString(), sentAt: e.sent_at?.toISOString() ?? null, delivery: e.delivery_state,
      reason: e.reason, errorCode: e.error_code, provider: e.provider, tries: e.tries,
    })),
  };
}

export async function retryOutboxEntry(deps: Pick<Deps, 'store' | 'clock'>, request: { id: number; userId: number; scope: LocationScope; remoteAddress: string | null }) {
  const { db } = deps.store;
  const now = deps.clock.now();
  const entry = await findOutboxEntry(db, request.id);
  if (!entry || (!request.scope.allLocations && entry.location_id !== null && !request.scope.locationIds.includes(entry.location_id))) throw new AppError('not_found', `No outbox entry #${request.id} is visible to you.`);
  // A HELP answer or a STOP confirmation belongs to its moment (a STOP confirmation only within 5 minutes, INV-19).
  if (entry.origin === 'reply') throw new AppError('conflict', `Outbox entry #${entry.id} answered a patient's keyword at the time; it is not sent again.`);
  if (!await requeueEntry(db, entry.id, now)) throw new AppError('conflict', `Outbox entry #${entry.id} is ${entry.state}; only failed or skipped messages can be retried.`);
  await appendAuditEvent(db, { actorUserId: request.userId, actorKind: 'user', action: 'outbox.retry', entityType: 'outbox', entityId: String(entry.id), patientId: entry.patient_id, remoteAddress: request.remoteAddress, details: { previousState: entry.state } });
  return { id: entry.id, state: 'due' as const };
}

export async function readMessagingPause(deps: Pick<Deps, 'store'>) {
  const pause = await readPause(deps.store.db);
  const by = pause.changedBy !== null ? await deps.store.db.selectFrom('users').select('display_name').where('id', '=', pause.changedBy).executeTakeFirst() : undefined;
  return { paused: pause.paused, changedAt: pause.changedAt?.toISOString() ?? null, changedBy: by?.display_name ?? null, reason: pause.reason };
}

export async function setMessagingPause(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: { paused: boolean; reason: string | null; userId: number | null; remoteAddress: string | null }) {
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await writePause(tx.db, request.paused, request.userId, request.reason, now);
    await appendAuditEvent(tx.db, { actorUserId: request.userId, actorKind: request.userId === null ? 'cli' : 'user', action: request.paused ? 'messaging.pause' : 'messaging.resume', entityType: 'messaging', entityId: null, patientId: null, remoteAddress: request.remoteAddress, details: { reason: request.reason } });
  });
  deps.log.info({ paused: request.paused, userId: request.userId }, 'automated messaging switch');
  return readMessagingPause(deps);
}

export async function readUnmatchedReplies(deps: Pick<Deps, 'store'>, request: { scope?: LocationScope; limit?: number } = {}) {
  // A number that matches no patient belongs to no office: only an account covering all offices sees them.
  requireAllOffices(request.scope, 'Replies from unknown numbers belong to no office, so reading them', 'Ask a manager who covers all offices.');
  const limit = request.limit ?? 100;
  const rows = await listUnmatched(deps.store.db, limit);
  return { messages: rows.map((r) => ({ id: r.id, at: r.received_at.toISOString(), from: r.from_address, text: r.body, intent: r.intent, knownPatient: r.patient_ids.length > 0 })) };
}
