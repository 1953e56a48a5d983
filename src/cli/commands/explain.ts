import type { Command } from 'commander';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { guarded, withApp } from '../run-command.js';
import { instant } from '../parse-options.js';

export function registerExplain(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('explain')
    .description('Why a patient is or is not on the worklist, item by item: due, suppressed, closed, waiting, and the contact gate')
    .requiredOption('--patient <id>', "the patient's id in the practice-management system (or Recare's numeric id)")
    .option('--at <instant>', 'ISO-8601 instant with an offset (default: now)')
    .option('--json', 'print JSON')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { patient: string; at?: string; json?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        const request = { patient: options.patient, ...(options.at ? { at: instant('--at', options.at) } : {}) };
        const useCase = import('../../use-cases/explain-patient.js');
        return withApp(io, 'explain', { dataDir: options.data }, async (app) => {
          const { explainPatient } = await useCase;
          const e = await explainPatient(app, request);
          if (options.json) {
            writeLine(io.stdout, JSON.stringify(e));
            return exitCodes.ok;
          }
          writeLine(io.stdout, `${e.patientId} (Recare #${e.recareId}, ${e.status}, office ${e.location ?? 'none'}) at ${e.at}`);
          writeLine(io.stdout, e.verdict.message);
          for (const item of e.items) {
            const when = item.dueDate ? ` · due ${item.dueDate} · outreach ${item.window}` : '';
            writeLine(io.stdout, `  - ${item.programName}: ${item.status.replace('_', ' ')}${when} — ${item.why}`);
          }
          if (e.case) {
            writeLine(io.stdout, `Case #${e.case.id}: ${e.case.state}${e.case.nextStep ? `, next "${e.case.nextStep}"` : ''}${e.case.nextActionAt ? ` at ${e.case.nextActionAt}` : ''}${e.case.ownerQueue ? `, ${e.case.ownerQueue} queue` : ''}${e.case.ownerUserId !== null ? `, owned by user ${e.case.ownerUserId}` : ''}${e.case.closedReason ? ` (${e.case.closedReason})` : ''}`);
          } else {
            writeLine(io.stdout, 'No case on file.');
          }
          if (e.contact) writeLine(io.stdout, `Contact: ${e.contact.contactableNow ? 'can be contacted now' : `cannot be contacted now${e.contact.nextContactAt ? ` (next ${e.contact.nextContactAt})` : ''}`} — ${e.contact.explanation}`);
          return exitCodes.ok;
        });
      }));
    });
}
