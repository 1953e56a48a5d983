import type { Command } from 'commander';
import { fixedClock } from '../../clock.js';
import { attemptChannels } from '../../domain/compliance/index.js';
import { barrierReasons } from '../../domain/outcomes/barrier-reasons.js';
import { outcomes } from '../../domain/outcomes/outcome-vocabulary.js';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { guarded, withApp } from '../run-command.js';
import { instant, oneOf } from '../parse-options.js';

export function registerOutcome(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('outcome')
    .description("Record the outcome of a touch on a patient's open case; the case moves on (next touch, callback, snooze, queue, close)")
    .requiredOption('--patient <id>', "the patient's id in the practice-management system (or Recare's numeric id)")
    .requiredOption('--outcome <label>', `one of: ${outcomes.map((o) => `"${o.label}"`).join(', ')}`)
    .option('--callback-at <instant>', 'for "Callback requested": when the patient asked to be called (ISO-8601 with an offset)')
    .option('--reason <key>', `why the patient declined, is not ready or opted out (only with those outcomes): ${barrierReasons.map((r) => r.key).join(', ')}`)
    .option('--note <text>', 'a short note kept with the attempt (at most 500 characters)')
    .option('--channel <channel>', 'the channel used: voice, sms or email (default: the case\'s next channel)')
    .option('--at <instant>', 'when the touch ended (default: now)')
    .option('--user <email>', 'who made the touch (owns a callback they take)')
    .option('--json', 'print JSON')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { patient: string; outcome: string; callbackAt?: string; note?: string; reason?: string; channel?: string; at?: string; user?: string; json?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        const at = options.at ? instant('--at', options.at) : undefined;
        const request = {
          patient: options.patient,
          outcome: options.outcome,
          callbackAt: options.callbackAt ? instant('--callback-at', options.callbackAt) : null,
          note: options.note ?? null,
          reason: options.reason ?? null,
          ...(options.channel ? { channel: oneOf('--channel', options.channel, attemptChannels) } : {}),
          user: options.user ?? null,
        };
        const useCase = import('../../use-cases/record-outcome.js');
        return withApp(io, 'outcome', { dataDir: options.data }, async (app) => {
          const { recordOutcome } = await useCase;
          const result = await recordOutcome(at ? { ...app, clock: fixedClock(at) } : app, request);
          if (options.json) writeLine(io.stdout, JSON.stringify(result));
          else {
            writeLine(io.stdout, `${result.patientId} · case #${result.caseId} · ${result.outcome.label}${result.reason ? ` (${result.reason.label})` : ''}: ${result.explanation}. Case is now ${result.state}${result.nextActionAt ? `, next action ${result.nextActionAt}` : ''}. (attempt #${result.attemptId})`);
          }
          for (const warning of result.warnings) writeLine(io.stderr, `recare: warning: ${warning}`);
          return exitCodes.ok;
        });
      }));
    });
}
