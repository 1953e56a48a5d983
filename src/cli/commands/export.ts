import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { exitCodes, type CliIo } from '../cli-io.js';
import { guarded, withApp } from '../run-command.js';
import { instant, oneOf } from '../parse-options.js';

export function registerExport(program: Command, io: CliIo, done: (code: number) => void): void {
  const command = program.command('export').description('Write Recare data back out for the practice-management system');
  command
    .command('outcomes')
    .description('Every attempt and outcome since an instant: CSV for a comm-log import, or FHIR R4 Communication (+ Task for open callbacks)')
    .requiredOption('--format <format>', 'csv or fhir')
    .option('--since <instant>', 'ISO-8601 instant with an offset, e.g. 2026-11-01T00:00:00Z (default: everything)')
    .option('--bundle', 'with --format fhir: one collection Bundle instead of NDJSON (one resource per line)')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--data <dir>', 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)')
    .action(async (options: { format: string; since?: string; bundle?: boolean; out?: string; data?: string }) => {
      done(await guarded(io, async () => {
        const format = oneOf('--format', options.format, ['csv', 'fhir'] as const);
        const since = options.since ? instant('--since', options.since) : null;
        const useCase = import('../../use-cases/export-outcomes.js');
        return withApp(io, 'export', { dataDir: options.data }, async (app) => {
          const { exportOutcomes } = await useCase;
          const chunks = exportOutcomes(app, { since, format: format === 'csv' ? 'csv' : options.bundle ? 'fhir-bundle' : 'fhir-ndjson' });
          const target = options.out ? createWriteStream(options.out) : io.stdout;
          await pipeline(Readable.from(chunks), target, { end: options.out !== undefined });
          return exitCodes.ok;
        });
      }));
    });
}
