import type { Command } from 'commander';
import { fixedClock } from '../../clock.js';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { guarded, withApp } from '../run-command.js';
import { instant } from '../parse-options.js';
import type { DispatchSummary } from '../../use-cases/messaging/dispatch-due-touches.js';

export function registerDispatch(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('dispatch')
    .description('Send the automated texts and emails that are due: each through the contact gate at hand-off, recorded before the provider is called (the server does this every few seconds by itself)')
    .option('--at <instant>', 'dispatch as of this instant (ISO-8601 with an offset; default: now)')
    .option('--once', 'one pass, then exit (default: keep dispatching every 10 s until stopped; --at implies --once)')
    .option('--dry-run', 'show what would be queued and sent, and why not, without sending or writing anything')
    .option('--json', 'print JSON')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { at?: string; once?: boolean; dryRun?: boolean; json?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        const at = options.at ? instant('--at', options.at) : undefined;
        return withApp(io, 'dispatch', { dataDir: options.data }, async (app) => {
          const deps = at ? { ...app, clock: fixedClock(at) } : app;
          if (options.dryRun) {
            const { previewDispatch } = await import('../../use-cases/messaging/preview-dispatch.js');
            const rows = await previewDispatch(deps);
            if (options.json) writeLine(io.stdout, JSON.stringify({ at: deps.clock.now().toISOString(), messages: rows }));
            else if (rows.length === 0) writeLine(io.stdout, 'Nothing is due to be sent.');
            else for (const r of rows) writeLine(io.stdout, `${r.wouldSend ? 'would send' : 'would not send'}  ${r.channel.padEnd(5)} case #${r.caseId ?? '-'} patient #${r.patientId ?? '-'}${r.reason ? `: ${r.reason}` : ''}`);
            return exitCodes.ok;
          }
          const print = (summary: DispatchSummary, sandbox?: unknown) => {
            if (options.json) writeLine(io.stdout, JSON.stringify(sandbox === undefined ? summary : { ...summary, sandbox }));
            else writeLine(io.stdout, describeDispatch(summary));
          };
          if (options.once || at) {
            const { dispatchDueTouches } = await import('../../use-cases/messaging/dispatch-due-touches.js');
            const { runSandboxActivity } = await import('../../use-cases/messaging/run-sandbox-activity.js');
            const summary = await dispatchDueTouches(deps);
            print(summary, await runSandboxActivity(deps));
            return exitCodes.ok;
          }
          // Until Ctrl-C: the server's own loop (a pass starts 10 s after the last one ended, so passes
          // never overlap and the text budget is counted once; a failed pass is logged and the next tries again).
          const { scheduleDispatch } = await import('../../jobs/schedule-dispatch.js');
          const job = scheduleDispatch(deps, { everyMs: 10_000, onRun: (summary) => print(summary) });
          await new Promise<void>((resolve) => {
            process.once('SIGINT', resolve);
            process.once('SIGTERM', resolve);
          });
          await job.stop();
          return exitCodes.ok;
        });
      }));
    });
}

export function describeDispatch(s: { at: string; paused: boolean; queued: number; claimed: number; results: Record<string, number> }): string {
  const r = s.results;
  const paused = s.paused ? 'automated messages are paused by a manager (staff texts and replies still go); ' : '';
  return `${s.at}: ${paused}${s.queued} queued, ${s.claimed} taken; ${r.sent ?? 0} sent, ${r.reconciled ?? 0} found already sent, ${r.deferred ?? 0} waiting for their time, ${r.skipped ?? 0} skipped, ${r.retrying ?? 0} to retry, ${r.failed ?? 0} failed, ${r.uncertain ?? 0} uncertain.`;
}
