/**
 * Keeps the plan current while the server runs. Every few minutes it runs the incremental plan: the
 * patients whose data changed (imports, bookings) and those whose recheck time came (an outreach
 * window opened, a visit's start passed), so confirmations, post-op checks and newly due recalls
 * reach the worklist the same morning without anyone running `recare plan`. Runs never overlap; a
 * failed run is logged (ids and counts only) and the next one tries again.
 */
import type { Deps } from '../use-cases/deps.js';
import { planPatients, type PlanResult } from '../use-cases/plan-patients.js';
import type { JobTimer } from './job-timer.js';
import { repeatJob } from './repeating-job.js';

export interface PlanningSchedule {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export interface PlanningScheduleOptions {
  everyMs: number;
  onRun?: (result: PlanResult) => void;
  /** Default: the system timer. */
  timer?: JobTimer;
}

export function schedulePlanning(deps: Pick<Deps, 'store' | 'clock' | 'log'>, options: PlanningScheduleOptions): PlanningSchedule {
  return repeatJob(async () => {
    try {
      const result = await planPatients(deps, {});
      options.onRun?.(result);
    } catch (error) {
      // The code only: a database error's message can quote the values of a row.
      deps.log.error({ code: (error as { code?: unknown }).code ?? 'unknown' }, 'scheduled plan failed; the next run tries again');
    }
  }, { everyMs: options.everyMs, ...(options.timer ? { timer: options.timer } : {}) });
}
