/**
 * The dispatcher while the server runs: every few seconds one pass of dispatchDueTouches, then the
 * sandbox's simulated deliveries and replies (demo mode and channels without a provider), fed through
 * the same use cases a provider's webhooks use.
 */
import type { MessageProviders } from '../channels/providers.js';
import { dispatchDueTouches, type DispatchSummary } from '../use-cases/messaging/dispatch-due-touches.js';
import { handleInboundMessage } from '../use-cases/messaging/handle-inbound-message.js';
import type { MessagingDeps } from '../use-cases/messaging/messaging-deps.js';
import { recordDeliveryEvents } from '../use-cases/messaging/record-delivery-events.js';
import type { JobTimer } from './job-timer.js';
import { repeatJob, type RepeatingJob } from './repeating-job.js';

export async function runSandboxActivity(deps: MessagingDeps, providers: MessageProviders): Promise<{ deliveries: number; replies: number }> {
  let deliveries = 0;
  let replies = 0;
  for (const sandbox of providers.sandboxes) {
    const due = await sandbox.takeDue();
    deliveries += (await recordDeliveryEvents(deps, sandbox.name, due.deliveries)).applied;
    for (const reply of due.replies) {
      await handleInboundMessage(deps, sandbox.name, reply);
      replies++;
    }
  }
  return { deliveries, replies };
}

export function scheduleDispatch(deps: MessagingDeps, options: { everyMs: number; timer?: JobTimer; onRun?: (summary: DispatchSummary) => void }): RepeatingJob {
  return repeatJob(async () => {
    try {
      const summary = await dispatchDueTouches(deps);
      await runSandboxActivity(deps, deps.providers);
      options.onRun?.(summary);
    } catch (error) {
      deps.log.error({ code: (error as { code?: unknown }).code ?? 'unknown' }, 'dispatch pass failed; the next pass tries again');
    }
  }, { everyMs: options.everyMs, ...(options.timer ? { timer: options.timer } : {}) });
}
