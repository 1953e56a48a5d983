/**
 * `recare dispatch --dry-run`: what the next pass would do, without writing anything or calling a
 * provider. The same questions as the pass, in the same order, from the same code: which steps are
 * due (the query the pass queues from), the pause, suppression (booked, closed, a person on it, a
 * reply waiting), pacing, and the gate's answer now (not stored: nothing is handed off).
 */
import { DateTime } from 'luxon';
import { decideTouch, timeDependentCodes, type Channel, type Purpose } from '../../domain/compliance/index.js';
import { sendingSlot } from '../../domain/messaging/send-pacing.js';
import { pendingMessages, readPause } from '../../db/queries/outbox.js';
import { loadFactsAndPolicy } from '../shared/contact-facts.js';
import { loadEngineContext } from '../shared/engine-context.js';
import { automatedSteps } from './dispatch-due-touches.js';
import { suppressionNow } from './hand-off.js';
import type { MessagingDeps } from './messaging-deps.js';

export interface DispatchPreviewRow {
  key: string;
  channel: string;
  patientId: number | null;
  caseId: number | null;
  queued: boolean;
  wouldSend: boolean;
  reason: string | null;
}

export async function previewDispatch(deps: Pick<MessagingDeps, 'store' | 'clock' | 'messaging'>, options: { limit?: number } = {}): Promise<DispatchPreviewRow[]> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const engine = await loadEngineContext(deps);
  const { paused } = await readPause(db);
  const claimsLapseBefore = new Date(now.getTime() - engine.settings.claimMinutes * 60_000);
  const pending = await pendingMessages(db, paused ? [] : automatedSteps(engine), now, claimsLapseBefore, options.limit ?? 100);
  const rows: DispatchPreviewRow[] = [];
  for (const message of pending) {
    const row = { key: message.key, channel: message.channel, patientId: message.patient_id, caseId: message.case_id, queued: message.queued };
    const notNow = (reason: string) => rows.push({ ...row, wouldSend: false, reason });
    if (paused && message.origin === 'cadence') {
      notNow('paused: a manager paused automated messages');
      continue;
    }
    const { calendar, reason: hold } = await suppressionNow(deps, message, engine, now, false);
    if (hold) {
      notNow(`${hold.verdict === 'wait' ? 'waiting' : 'skipped'}: ${hold.reason}`);
      continue;
    }
    if (message.origin === 'cadence') {
      const slot = sendingSlot(calendar, now, message.key, deps.messaging.pacing);
      if (slot.getTime() > now.getTime() + 30_000) {
        notNow(`paced: goes out ${DateTime.fromJSDate(slot, { zone: calendar.timeZone }).toFormat('ccc HH:mm')} office time`);
        continue;
      }
    }
    if (message.patient_id !== null && message.origin !== 'reply' && message.origin !== 'test') {
      const { facts, policy } = await loadFactsAndPolicy(deps, { recareId: message.patient_id }, now);
      const { decision } = decideTouch(facts, policy, { channel: message.channel as Channel, purpose: message.purpose as Purpose, automated: message.origin === 'cadence', programKey: message.program_key }, now);
      if (!decision.allowed) {
        const waits = decision.nextAllowedAt !== null && decision.reasons.every((r) => timeDependentCodes.has(r.code));
        notNow(`${waits ? 'waiting' : 'skipped'}: the contact gate said no: ${decision.reasons.map((r) => r.message).join(' ')}`);
        continue;
      }
    }
    rows.push({ ...row, wouldSend: true, reason: null });
  }
  return rows;
}
