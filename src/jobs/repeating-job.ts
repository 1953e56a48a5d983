/**
 * The one loop every background job uses: run now, then again `everyMs` after each run ends, so runs
 * never overlap; `stop()` cancels the next run and waits for one in progress. The job itself catches
 * and logs its own failures, so one bad run never ends the loop.
 */
import { systemTimer, type JobTimer } from './job-timer.js';

export interface RepeatingJob {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export function repeatJob(run: () => Promise<void>, options: { everyMs: number; timer?: JobTimer }): RepeatingJob {
  const timer = options.timer ?? systemTimer;
  let stopped = false;
  let cancel: (() => void) | undefined;
  let running: Promise<void> = Promise.resolve();
  // The first run starts at once: it catches up on whatever came due while the server was down.
  let delay = 0;
  const next = () => {
    if (stopped) return;
    cancel = timer.after(delay, () => {
      running = run().finally(next);
    });
    delay = options.everyMs;
  };
  next();
  return {
    async stop() {
      stopped = true;
      cancel?.();
      await running;
    },
  };
}
