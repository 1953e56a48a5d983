import type { Command } from 'commander';
import { queues, type Queue } from '../../domain/cases/index.js';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { guarded, withApp } from '../run-command.js';
import { instant, oneOf, wholeNumber } from '../parse-options.js';

const segmentNames = ['due', 'overdue', 'unscheduled_treatment', 'reactivation', 'callbacks', 'escalations'] as const;

export function registerWorklist(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('worklist')
    .description("Today's actionable cases in priority order: reasons, why, next step, and whether the patient can be contacted now; with nothing actionable, what comes next (--next shows it)")
    .option('--at <instant>', 'ISO-8601 instant with an offset (default: now)')
    .option('--next', 'read-only: when nothing is actionable, the list as of the next instant work comes due (e.g. tomorrow 08:00)')
    .option('--location <id>', 'one office, by its id (e.g. TPA); default every office in scope')
    .option('--queue <queue>', `a queue's list instead of the front desk's: ${queues.join(', ')}`)
    .option('--segment <segment>', `only one segment: ${segmentNames.join(', ')}`)
    .option('--user <email>', "a user's list: their callbacks, their offices (default: anyone's list, every office)")
    .option('--limit <n>', 'rows to show, 1 to 500', '50')
    .option('--json', 'print JSON: { counts, rows: [{ rank, patientId, reasons: [{ program, dueDate }], why, nextStep, contactableNow, nextContactAt, … }] }')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { at?: string; next?: boolean; location?: string; queue?: string; segment?: string; user?: string; limit: string; json?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        const request = {
          ...(options.at ? { at: instant('--at', options.at) } : {}),
          location: options.location ?? null,
          queue: options.queue ? oneOf<Queue>('--queue', options.queue, queues) : null,
          segment: options.segment ? oneOf('--segment', options.segment, segmentNames) : null,
          user: options.user ?? null,
          limit: wholeNumber('--limit', options.limit),
        };
        const useCase = import('../../use-cases/build-worklist.js');
        return withApp(io, 'worklist', { dataDir: options.data }, async (app) => {
          const { buildWorklist } = await useCase;
          const now = await buildWorklist(app, request);
          // --next: the same rows as `--at <that instant>`, shown as a preview; nothing changes.
          const list = options.next && now.next ? { ...(await buildWorklist(app, { ...request, at: new Date(now.next.at) })), preview: now.next.at, next: now.next } : now;
          if (options.json) {
            writeLine(io.stdout, JSON.stringify(list));
            return exitCodes.ok;
          }
          const c = list.counts;
          if (list.preview) writeLine(io.stdout, `Preview (read-only) of the list as of ${list.preview} — ${now.next?.sentence ?? ''}`);
          writeLine(io.stdout, `Worklist · ${list.location ?? 'every office'} · ${list.queue ? `${list.queue} queue` : 'front desk'} · ${list.at}`);
          writeLine(io.stdout, `${c.total} actionable — due ${c.due} · overdue ${c.overdue} · unscheduled treatment ${c.unscheduledTreatment} · reactivation ${c.reactivation} · callbacks ${c.callbacks} · escalations ${c.escalations}`);
          if (list.rows.length === 0 && options.next && !now.next) writeLine(io.stdout, 'Nothing to work, now or later: no open case in scope has a next step planned.');
          else if (list.rows.length === 0 && list.next) writeLine(io.stdout, `Nothing to work now. ${list.next.sentence}. \`recare worklist --next\` shows that list (read-only).`);
          else if (list.rows.length === 0) writeLine(io.stdout, 'Nothing to do here right now. `recare explain --patient ID` says why a patient is not listed; `recare plan` refreshes the cases.');
          for (const row of list.rows) {
            const reasons = row.reasons.map((r) => `${r.programName} (due ${r.dueDate})`).join(', ');
            const reach = row.contactableNow ? `${row.suggestedChannel} now` : `NOT contactable now${row.nextContactAt ? `; next ${row.nextContactAt}` : ''}`;
            writeLine(io.stdout, `${String(row.rank).padStart(3)}. ${row.patientId} · case #${row.caseId} · ${reasons} → ${row.nextStep} · ${reach}`);
            writeLine(io.stdout, `     why: ${row.why}`);
          }
          return exitCodes.ok;
        });
      }));
    });
}
