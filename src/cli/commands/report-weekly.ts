/**
 * `recare report weekly`: one office's (or every office's) weekly report for an ISO week as a PDF
 * file. Default week: the last complete week before --at (or now), Monday to Sunday in the office's
 * time zone.
 */
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fixedClock } from '../../clock.js';
import { AppError } from '../../domain/errors.js';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { instant } from '../parse-options.js';
import { guarded, withApp } from '../run-command.js';

export function registerReportWeekly(report: Command, io: CliIo, done: (code: number) => void): void {
  report
    .command('weekly')
    .description('The weekly report of an ISO week as a PDF: scheduled, unreachable, declined and escalated, the funnel, the lift and the data problems')
    .requiredOption('--out <file>', 'where to write the PDF, e.g. weekly.pdf')
    .option('--week <YYYY-Www>', 'the ISO week, Monday to Sunday local to the office, e.g. 2026-W49 (default: the last complete week before --at)')
    .option('--location <id>', 'one office, by its id (e.g. TPA); default every office')
    .option('--at <instant>', 'ISO-8601 instant with an offset that decides the default week and the print time (default: now)')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (_options: unknown, command: Command) => {
      // `recare report` has --location, --at and --data too, and commander gives them to it wherever they stand: read both.
      const options = command.optsWithGlobals<{ out: string; week?: string; location?: string; at?: string; data?: string }>();
      done(await guarded(io, async () => {
        const at = options.at ? instant('--at', options.at) : undefined;
        if (!options.out.toLowerCase().endsWith('.pdf')) {
          throw new AppError('invalid_input', `--out ${JSON.stringify(options.out)} does not end in .pdf; the weekly report is a PDF, e.g. --out weekly.pdf`, [{ path: '--out', value: options.out, message: 'must end in .pdf' }]);
        }
        const useCase = import('../../use-cases/reports/weekly-report.js');
        return withApp(io, 'report weekly', { dataDir: options.data }, async (app) => {
          const { buildWeeklyReport } = await useCase;
          const report = await buildWeeklyReport(at ? { ...app, clock: fixedClock(at) } : app, { week: options.week, location: options.location ?? null });
          const out = resolve(options.out);
          await writeFile(out, report.pdf);
          writeLine(io.stdout, `Weekly report ${report.week.week} (${report.week.monday} to the Sunday before ${report.week.nextMonday}) · ${report.location ?? 'every office'} → ${out} (${report.pdf.length.toLocaleString('en-US')} bytes)`);
          return exitCodes.ok;
        });
      }));
    });
}
