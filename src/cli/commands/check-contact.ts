import type { Command } from 'commander';
import { channels, purposes, type Channel, type Purpose } from '../../domain/compliance/types.js';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { guarded, withApp } from '../run-command.js';
import { instant, oneOf } from '../parse-options.js';

export function registerCheckContact(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('check-contact')
    .description('Ask the contact gate whether a patient may be contacted on a channel at an instant, and if not, when')
    .requiredOption('--patient <id>', "the patient's id in the practice-management system (or Recare's numeric id)")
    .requiredOption('--channel <channel>', `one of ${channels.join(', ')}`)
    .option('--at <instant>', 'ISO-8601 instant with an offset, e.g. 2026-11-24T19:30:00-05:00 (default: now)')
    .option('--purpose <purpose>', `one of ${purposes.join(', ')}`, 'recall_due')
    .option('--by <who>', 'who makes the touch: automation (the system) or staff', 'automation')
    .option('--program <key>', 'the recall program the touch works for (per-program caps)')
    .option('--json', 'print JSON: { allowed, reasons, nextAllowedAt, timeZones, states }')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { patient: string; channel: string; at?: string; purpose: string; by: string; program?: string; json?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        const request = {
          patient: options.patient,
          channel: oneOf<Channel>('--channel', options.channel, channels),
          purpose: oneOf<Purpose>('--purpose', options.purpose, purposes),
          automated: oneOf('--by', options.by, ['automation', 'staff'] as const) === 'automation',
          programKey: options.program ?? null,
          ...(options.at ? { at: instant('--at', options.at) } : {}),
        };
        // Loading the gate's rule tables overlaps with the database starting on its worker thread.
        const useCase = import('../../use-cases/check-contact.js');
        return withApp(io, 'check-contact', { dataDir: options.data }, async (app) => {
          const { checkContact } = await useCase;
          const result = await checkContact(app, request);
          const { decision } = result;
          if (options.json) {
            writeLine(io.stdout, JSON.stringify({
              allowed: decision.allowed,
              reasons: decision.reasons.map((r) => ({ code: r.code, message: r.message })),
              nextAllowedAt: decision.nextAllowedAt?.toISOString() ?? null,
              timeZones: decision.timeZones,
              states: decision.states,
            }));
          } else {
            writeLine(io.stdout, `${result.externalId} · ${request.channel} · ${request.purpose}: ${result.explanation}`);
          }
          return exitCodes.ok;
        });
      }));
    });
}
