import type { Command } from 'commander';
import { fixedClock } from '../../clock.js';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { guarded, withApp } from '../run-command.js';
import { instant, wholeNumber } from '../parse-options.js';

export function registerPlan(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('plan')
    .description('Bring the plan up to date: patients whose data changed or whose recheck time came (an outreach window opened, a visit passed), or everyone (--full): due items, one case per patient, next steps')
    .option('--full', 'plan every patient (after editing programs this happens anyway: they mark everyone for a recheck)')
    .option('--at <instant>', 'plan as of this instant (ISO-8601 with an offset; default: now)')
    .option('--batch-size <n>', 'patients per batch (1 to 20000)', '2000')
    .option('--json', 'print JSON')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { full?: boolean; at?: string; batchSize: string; json?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        const at = options.at ? instant('--at', options.at) : undefined;
        const request = { full: options.full === true, batchSize: wholeNumber('--batch-size', options.batchSize) };
        const useCase = import('../../use-cases/plan-patients.js');
        return withApp(io, 'plan', { dataDir: options.data }, async (app) => {
          const { planPatients } = await useCase;
          const result = await planPatients(at ? { ...app, clock: fixedClock(at) } : app, request);
          if (options.json) writeLine(io.stdout, JSON.stringify(result));
          else writeLine(io.stdout, describePlan(result));
          return exitCodes.ok;
        });
      }));
    });
}

export function describePlan(r: { mode: string; patients: number; rechecked?: number; cases: { opened: number; reopened: number; updated: number; closed: number; unchanged: number }; dueItems: { written: number; closed: number }; requeued: number; ms: number }): string {
  const c = r.cases;
  return `Planned ${r.patients.toLocaleString('en-US')} patients (${r.mode}${r.rechecked ? `, ${r.rechecked.toLocaleString('en-US')} of them because their time came` : ''}) in ${(r.ms / 1000).toFixed(1)} s: ${c.opened} cases opened, ${c.reopened} reopened, ${c.updated} updated, ${c.closed} closed, ${c.unchanged} unchanged; ${r.dueItems.written} due items written, ${r.dueItems.closed} closed${r.requeued ? `; ${r.requeued} changed meanwhile and are queued again` : ''}.`;
}
