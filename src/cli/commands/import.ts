import { createReadStream, existsSync, statSync, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
// The light modules only: the parsers load when the command runs.
import { formatProblem } from '../../importers/problem.js';
import { tableKinds } from '../../importers/records.js';
import type { ImportSummary } from '../../use-cases/imports/import-session.js';
import { exitCodes, writeLine, type CliIo } from '../cli-io.js';
import { guarded, withApp } from '../run-command.js';
import { oneOf } from '../parse-options.js';

const dataOption = 'embedded database directory (default ./data or RECARE_DATA_DIR; ignored when DATABASE_URL is set)';
const shownProblems = 50;

export function registerImport(program: Command, io: CliIo, done: (code: number) => void): void {
  const command = program.command('import').description('Import patients, appointments, procedures, recalls and contact history from a CSV export or FHIR R4');

  command
    .command('csv <file>')
    .description('Import one canonical (or preset) CSV file of one kind; re-importing the same file changes nothing')
    .requiredOption('--kind <kind>', `what the file holds: ${tableKinds.join(', ')}`)
    .option('--preset <name>', 'the export\'s vendor layout: open-dental, dentrix, athenahealth')
    .option('--map <column=field...>', 'map a column to a canonical field, e.g. --map "Cell=mobile_phone" (repeatable; "Fax=" ignores a column)')
    .option('--source <name>', "the source system's name; ids are unique per source (default: the preset's name, or csv)")
    .option('--dry-run', 'check everything and report what would change, without changing anything')
    .option('--errors <file>', 'write the rejected rows (original columns plus a reason column) to this CSV file')
    .option('--json', 'print the summary as JSON')
    .option('--data <dir>', dataOption)
    .action(async (file: string, options: { kind: string; preset?: string; map?: string[]; source?: string; dryRun?: boolean; errors?: string; json?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        const kind = oneOf('--kind', options.kind, tableKinds);
        const size = fileSize(file);
        const useCase = import('../../use-cases/import-csv.js');
        return withApp(io, 'import', { dataDir: options.data }, async (app) => {
          const { importCsvRecords } = await useCase;
          const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
          // Started by the first batch, so a bad --preset or --map is reported without a bar in front of it.
          const bar = progressBar(io, 'import {kind} |{bar}| {percentage}% | {rows} rows | {rate} rows/s');
          const started = performance.now();
          let barStarted = false;
          const summary = await importCsvRecords(app, {
            kind, source: stream, file: basename(file), preset: options.preset ?? null, map: options.map ?? [], sourceName: options.source ?? null, dryRun: options.dryRun === true,
            onProgress: (counts) => {
              if (!barStarted) bar.start(Math.max(size, 1), 0, { kind, rows: 0, rate: 0 });
              barStarted = true;
              bar.update(Math.min(stream.bytesRead, size), { rows: counts.read.toLocaleString('en-US'), rate: rate(counts.read, started) });
            },
          });
          if (barStarted) {
            bar.update(Math.max(size, 1), { rows: summary.counts.read.toLocaleString('en-US'), rate: rate(summary.counts.read, started) });
            bar.stop();
          }
          if (options.errors) {
            const { writeRejectedRows } = await import('../../use-cases/write-rejected-rows.js');
            await pipeline(Readable.from(writeRejectedRows(app, summary.importRunId)), createWriteStream(options.errors));
          }
          printSummary(io, summary, options.json === true, options.errors);
          return exitCodes.ok;
        });
      }));
    });

  command
    .command('fhir <path>')
    .description('Import FHIR R4: a Bundle or resource (.json), bulk-export NDJSON (.ndjson), or a directory of them')
    .option('--source <name>', "the source system's name; resource ids are unique per source (default: fhir)")
    .option('--dry-run', 'check everything and report what would change, without changing anything')
    .option('--json', 'print the summary as JSON')
    .option('--data <dir>', dataOption)
    .action(async (path: string, options: { source?: string; dryRun?: boolean; json?: boolean; data?: string }) => {
      done(await guarded(io, async () => {
        fileSize(path);
        const useCase = import('../../use-cases/import-fhir.js');
        const importers = import('../../importers/index.js');
        return withApp(io, 'import', { dataDir: options.data }, async (app) => {
          const { importFhirRecords } = await useCase;
          const { readFhirPath } = await importers;
          const bar = progressBar(io, 'import fhir |{bar}| {percentage}% {value}/{total} records | {rate} rows/s');
          let started = 0;
          const summary = await importFhirRecords(app, {
            events: readFhirPath(path), sourceName: options.source ?? null, dryRun: options.dryRun === true,
            onProgress: (counts) => {
              if (started === 0) {
                started = performance.now();
                bar.start(counts.total, 0, { rate: 0 });
              }
              bar.update(counts.read, { rate: rate(counts.read, started) });
            },
          });
          if (started !== 0) bar.stop();
          printSummary(io, summary, options.json === true, undefined, () => {
            const skipped = Object.entries(summary.skipped).map(([type, n]) => `${type} ${n}`).join(', ');
            if (skipped) writeLine(io.stdout, `Not imported (Recare has no use for them): ${skipped}.`);
            const programs = Object.entries(summary.programs).map(([program, n]) => `${program} ${n}`).join(', ');
            if (programs) writeLine(io.stdout, `Procedures that feed recall programs: ${programs}.`);
          });
          return exitCodes.ok;
        });
      }));
    });
}

function fileSize(path: string): number {
  if (!existsSync(path)) {
    throw new AppError('invalid_input', `${JSON.stringify(path)} does not exist; give the path of the export file (or, for FHIR, a directory of .json/.ndjson files)`, [{ path: 'file', value: path, message: 'not found' }]);
  }
  const info = statSync(path);
  return info.isDirectory() ? 0 : info.size;
}

function progressBar(io: CliIo, format: string): SingleBar {
  return new SingleBar({ format, stream: io.stderr, noTTYOutput: true, notTTYSchedule: 5000, hideCursor: true }, Presets.shades_classic);
}

function rate(rows: number, started: number): string {
  return Math.round(rows / Math.max((performance.now() - started) / 1000, 0.001)).toLocaleString('en-US');
}

function printSummary(io: CliIo, summary: ImportSummary, json: boolean, errorsFile: string | undefined, extra?: () => void): void {
  if (json) {
    writeLine(io.stdout, JSON.stringify({ ...summary, errorsFile: errorsFile ?? null }));
    return;
  }
  const c = summary.counts;
  const what = summary.dryRun ? 'Dry run (nothing was changed)' : 'Imported';
  writeLine(io.stdout, `${what}: ${c.read.toLocaleString('en-US')} read, ${c.inserted.toLocaleString('en-US')} inserted, ${c.updated.toLocaleString('en-US')} updated, ` +
    `${c.unchanged.toLocaleString('en-US')} unchanged, ${c.rejected.toLocaleString('en-US')} rejected (import run ${summary.importRunId}, source ${summary.source}, ${summary.seconds.toFixed(1)} s, ${summary.rowsPerSecond.toLocaleString('en-US')} rows/s).`);
  extra?.();
  for (const problem of summary.problems.slice(0, shownProblems)) writeLine(io.stdout, `  ${problem.severity === 'error' ? 'error' : 'warning'}: ${formatProblem(problem)}`);
  if (summary.problemCount > shownProblems) writeLine(io.stdout, `  … and ${(summary.problemCount - shownProblems).toLocaleString('en-US')} more problems (GET /api/imports/${summary.importRunId} lists them all).`);
  if (summary.duplicateCount > 0) {
    writeLine(io.stdout, `Possible duplicate patients (${summary.duplicateCount.toLocaleString('en-US')}; nothing was merged — review them in the practice-management system):`);
    for (const d of summary.duplicates.slice(0, 20)) writeLine(io.stdout, `  ${d.patients.map((p) => `${p.source}:${p.externalId}`).join(' and ')} (${d.reasons.join(', ').replace(/_/g, ' ')})`);
  }
  if (errorsFile) writeLine(io.stdout, `Rejected rows, with a reason column, written to ${errorsFile}: fix them and import that file again.`);
}
