import type { Command } from 'commander';
import { fixedClock } from '../../clock.js';
import { defaultLinkDays, linkPurposes, maxLinkDays } from '../../domain/booking/link-state.js';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { guarded, withApp } from '../run-command.js';
import { instant, oneOf } from '../parse-options.js';

export function registerLink(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('link')
    .description("Print a patient's own booking or preferences link (for example to read out on a call); only its hash is stored")
    .requiredOption('--patient <id>', "the patient's id in the practice-management system (or Recare's numeric id)")
    .option('--purpose <purpose>', `${linkPurposes.join(' or ')} (default booking: needs an open case)`)
    .option('--days <n>', `how long the link works, 1 to ${maxLinkDays} days (default ${defaultLinkDays})`)
    .option('--at <instant>', 'issue as of this instant (default: now)')
    .option('--json', 'print JSON')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { patient: string; purpose?: string; days?: string; at?: string; json?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        const at = options.at ? instant('--at', options.at) : undefined;
        const purpose = options.purpose === undefined ? undefined : oneOf('--purpose', options.purpose, linkPurposes);
        const days = options.days === undefined ? undefined : Number(options.days);
        const useCase = import('../../use-cases/booking/issue-link.js');
        return withApp(io, 'link', { dataDir: options.data }, async (app) => {
          const { issueLink } = await useCase;
          const link = await issueLink(at ? { ...app, clock: fixedClock(at) } : app, {
            patient: options.patient, ...(purpose ? { purpose } : {}), ...(days !== undefined ? { days } : {}), baseUrl: app.messaging.publicBaseUrl,
          });
          if (options.json) writeLine(io.stdout, JSON.stringify(link));
          else {
            writeLine(io.stdout, link.url);
            writeLine(io.stderr, `recare: ${link.purpose} link #${link.linkId}${link.caseId ? ` for case #${link.caseId}` : ''}, works until ${link.expiresAt}${app.messaging.publicBaseUrl ? '' : ' (set PUBLIC_BASE_URL to print the full address)'}`);
          }
          return exitCodes.ok;
        });
      }));
    });
}
