/**
 * The weekly report while the server runs: every few minutes one pass of sendWeeklyReports, which
 * emails each office's last week from Monday 07:00 local on, at most once per office and week. Runs
 * never overlap; a failed run is logged (the code only) and the next one tries again.
 */
import { sendWeeklyReports, type WeeklyReportsDeps, type WeeklyReportsRun } from '../use-cases/reports/send-weekly-reports.js';
import type { JobTimer } from './job-timer.js';
import { repeatJob, type RepeatingJob } from './repeating-job.js';

export function scheduleWeeklyReports(deps: WeeklyReportsDeps, options: { everyMs: number; timer?: JobTimer; onRun?: (run: WeeklyReportsRun) => void }): RepeatingJob {
  return repeatJob(async () => {
    try {
      options.onRun?.(await sendWeeklyReports(deps));
    } catch (error) {
      deps.log.error({ code: (error as { code?: unknown }).code ?? 'unknown' }, 'weekly report pass failed; the next pass tries again');
    }
  }, { everyMs: options.everyMs, ...(options.timer ? { timer: options.timer } : {}) });
}
