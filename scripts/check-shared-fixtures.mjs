#!/usr/bin/env node
// CI-only: imports the full Synthea set in ../shared/fixtures/synthea (next to the clone in CI; a
// user's clone does not have it) into a temporary embedded database, prints what was imported, and
// exits non-zero if the counts fall below sane minimums. Run after `npm run build`.
//   node scripts/check-shared-fixtures.mjs [path/to/shared/fixtures/synthea]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const synthea = resolve(process.argv[2] ?? join(root, '..', 'shared', 'fixtures', 'synthea'));
if (!existsSync(synthea)) {
  process.stderr.write(`check-shared-fixtures: ${synthea} does not exist; this check needs ../shared beside the clone (CI only)\n`);
  process.exit(2);
}
const dist = (path) => new URL(`../dist/src/${path}`, import.meta.url).href;
const { openStore } = await import(dist('db/open-store.js'));
const { readFhirPath } = await import(dist('importers/index.js'));
const { importFhirRecords } = await import(dist('use-cases/import-fhir.js'));
const { default: pino } = await import('pino');

// Each set under its own source name: resource ids are unique per source system.
const sets = [
  { source: 'synthea-qicore', path: join(synthea, 'exf-qicore-2025-california', 'fhir') },
  { source: 'synthea-bulk', path: join(synthea, 'smart-bulk-ndjson-10-patients') },
  { source: 'synthea-smart', path: join(synthea, 'smart-generated-sample-data-r4') },
];
// Below these, the importer has stopped understanding the data (the README states 44 + 13 patient files and more).
const minimums = { patients: 50, appointments: 1000, procedures: 1000, dentalProcedures: 20 };

const dir = mkdtempSync(join(tmpdir(), 'recare-shared-fixtures-'));
const store = await openStore({ kind: 'pglite', dataDir: dir }, { command: 'check-shared-fixtures' });
const totals = { patients: 0, appointments: 0, procedures: 0, dentalProcedures: 0, rejected: 0 };
const programs = {};
let failed = false;
try {
  for (const set of sets) {
    if (!existsSync(set.path)) {
      process.stderr.write(`check-shared-fixtures: ${set.path} is missing\n`);
      failed = true;
      continue;
    }
    const started = performance.now();
    const summary = await importFhirRecords({ store, clock: { now: () => new Date() }, log: pino({ level: 'silent' }) }, { events: readFhirPath(set.path), sourceName: set.source });
    const k = summary.byKind;
    const dental = Object.values(summary.programs).reduce((n, v) => n + v, 0);
    totals.patients += k.patients?.inserted ?? 0;
    totals.appointments += k.appointments?.inserted ?? 0;
    totals.procedures += k.procedures?.inserted ?? 0;
    totals.dentalProcedures += dental;
    totals.rejected += summary.counts.rejected;
    for (const [program, n] of Object.entries(summary.programs)) programs[program] = (programs[program] ?? 0) + n;
    process.stdout.write(JSON.stringify({
      set: set.source, seconds: Math.round((performance.now() - started) / 100) / 10, patients: k.patients?.inserted ?? 0, appointments: k.appointments?.inserted ?? 0,
      procedures: k.procedures?.inserted ?? 0, procedures_mapped_to_programs: dental, programs: summary.programs, rejected: summary.counts.rejected,
      errors: summary.errorCount, warnings: summary.warningCount, skipped: summary.skipped,
    }) + '\n');
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify({ total: totals, programs }) + '\n');
for (const [key, minimum] of Object.entries(minimums)) {
  if (totals[key] < minimum) {
    process.stderr.write(`check-shared-fixtures: ${key} = ${totals[key]}, below the minimum of ${minimum}\n`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
