/**
 * One pass of the dispatcher: queue the automated cadence steps that came due, then claim what is
 * ready (FOR UPDATE SKIP LOCKED, under a lease) and hand each entry off. `recare serve` runs it every
 * few seconds; `recare dispatch` runs it by hand. Several servers on one PostgreSQL can run it at
 * once: a row is claimed by one of them only, and its attempt key is unique.
 */
import { templateKeyFor } from '../../domain/messages/index.js';
import { claimReady, enqueueDueSteps, readPause, textsSentSince, type AutomatedStep, type OutboxRow } from '../../db/queries/outbox.js';
import type { EngineContext } from '../shared/engine-context.js';
import { handOff, loadDispatchPass, type HandOffResult } from './hand-off.js';
import type { MessagingDeps } from './messaging-deps.js';

export interface DispatchSummary {
  at: string;
  paused: boolean;
  queued: number;
  claimed: number;
  results: Record<HandOffResult, number>;
}

/** The automated steps the programs declare: each program's text and email steps it sends by itself. */
export function automatedSteps(context: EngineContext): AutomatedStep[] {
  return context.enabled.flatMap((program) => program.automatedChannels.map((channel) => ({
    programKey: program.key, channel, purpose: program.purpose,
    templateKey: templateKeyFor(program.templateKeys, channel),
  })));
}

export async function dispatchDueTouches(deps: MessagingDeps, options: { limit?: number } = {}): Promise<DispatchSummary> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const limit = options.limit ?? deps.messaging.batchSize;
  const pass = await loadDispatchPass(deps);
  const context = pass.engine;
  const { paused } = await readPause(db);
  const queued = paused ? 0 : await enqueueDueSteps(db, automatedSteps(context), now, limit * 10, new Date(now.getTime() - context.settings.claimMinutes * 60_000));
  // Texts are paced per sender: what every server sent in the last minute counts against the rate.
  const textBudget = Math.max(0, deps.messaging.smsPerMinute - await textsSentSince(db, new Date(now.getTime() - 60_000)));
  // While paused, automated steps stay queued; staff texts, HELP answers and test messages still go.
  const origins = paused ? ['staff', 'reply', 'test'] : ['cadence', 'staff', 'reply', 'test'];
  const claimed = [
    ...(textBudget > 0 ? await claimReady(db, deps.workerId, now, deps.messaging.leaseSeconds, Math.min(limit, textBudget), ['sms'], origins) : []),
    ...await claimReady(db, deps.workerId, now, deps.messaging.leaseSeconds, limit, ['email'], origins),
  ];
  const results: Record<HandOffResult, number> = { sent: 0, deferred: 0, skipped: 0, failed: 0, retrying: 0, reconciled: 0, uncertain: 0, 'lost-lease': 0 };
  await inParallelByPatient(claimed, deps.messaging.parallelHandOffs, async (entry) => {
    try {
      results[await handOff(deps, entry, pass)]++;
    } catch (error) {
      // One entry's trouble must not stop the others; its lease runs out and it is tried again.
      // The code and name only: a database error's message can quote the values of a row.
      deps.log.error({ outboxId: entry.id, code: (error as { code?: unknown }).code ?? 'unknown', name: error instanceof Error ? error.name : typeof error }, 'hand-off failed; its lease runs out and it is taken again');
      results.failed++;
    }
  });
  if (claimed.length > 0 || queued > 0) deps.log.info({ queued, claimed: claimed.length, ...results }, 'dispatch pass');
  return { at: now.toISOString(), paused, queued, claimed: claimed.length, results };
}

/**
 * Hand-offs overlap (most of their time is spent waiting on the database and the provider), but never
 * two of one patient at once: each would count the other's touch in the gate's caps too late.
 */
async function inParallelByPatient(entries: readonly OutboxRow[], parallel: number, work: (entry: OutboxRow) => Promise<void>): Promise<void> {
  const lanes = new Map<string, OutboxRow[]>();
  for (const entry of entries) {
    const lane = entry.patient_id === null ? `entry-${entry.id}` : `patient-${entry.patient_id}`;
    lanes.set(lane, [...(lanes.get(lane) ?? []), entry]);
  }
  const queue = [...lanes.values()];
  const worker = async () => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) {
      for (const entry of lane) await work(entry);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, queue.length)) }, worker));
}
