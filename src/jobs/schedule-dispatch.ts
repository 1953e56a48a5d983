/**
 * The dispatcher while the server runs: every few seconds one pass of dispatchDueTouches, then the
 * sandbox's simulated deliveries and replies (demo mode and channels without a provider), fed through
 * the same use cases a provider's webhooks use.
 */
import { dispatchDueTouches, type DispatchSummary } from '../use-cases/messaging/dispatch-due-touches.js';
import type { MessagingDeps } from '../use-cases/messaging/messaging-deps.js';
import { runSandboxActivity } from '../use-cases/messaging/run-sandbox-activity.js';
import type { JobTimer } from './job-timer.js';
import { repeatJob, type RepeatingJob } from './repeating-job.js';

export function scheduleDispatch(deps: MessagingDeps, options: { everyMs: number; timer?: JobTimer; onRun?: (summary: DispatchSummary) => void }): RepeatingJob {
  return repeatJob(async () => {
    try {
      const summary = await dispatchDueTouches(deps);
      await runSandboxActivity(deps);
      options.onRun?.(summary);
    } catch (error) {
      deps.log.error({ code: (error as { code?: unknown }).code ?? 'unknown' }, 'dispatch pass failed; the next pass tries again');
    }
  }, { everyMs: options.everyMs, ...(options.timer ? { timer: options.timer } : {}) });
}
