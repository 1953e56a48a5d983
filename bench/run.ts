/**
 * `npm run bench [-- --size N] [-- --backend pglite|postgres|both]`: one JSON line per result,
 * each with the median of its runs and a floor measured in the same run on the same data (a bare
 * scan of the procedures and appointments tables), so figures compare across machines as ratios.
 * Starts its own PostgreSQL on loopback unless DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { fixedClock } from '../src/clock.js';
import { openStore, type Backend, type Store } from '../src/db/open-store.js';
import { loadDemoClinic } from '../src/use-cases/load-demo-clinic.js';
import { readHealth } from '../src/use-cases/read-health.js';
import { readTableCounts } from '../src/use-cases/read-table-counts.js';
import { median, printResult, round } from './measure.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '10000' }, backend: { type: 'string', default: 'both' }, runs: { type: 'string', default: '7' } } });
const size = Number(values.size);
const runs = Number(values.runs);
const wanted = values.backend === 'both' ? (['pglite', 'postgres'] as Backend[]) : [values.backend as Backend];
if (!Number.isInteger(size) || size < 1 || wanted.some((b) => b !== 'pglite' && b !== 'postgres') || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`bench: --size must be a whole number ≥ 1 (given ${values.size}), --backend pglite|postgres|both (given ${values.backend}), --runs ≥ 1 (given ${values.runs})\n`);
  process.exit(2);
}

const clock = fixedClock('2026-11-24T15:00:00Z');
const log = pino({ level: 'silent' });
let postgres: ThrowawayPostgres | undefined;

for (const backend of wanted) {
  const { store, dispose } = await openBenchStore(backend);
  try {
    await benchBackend(store, backend);
  } finally {
    await store.close();
    await dispose();
  }
}
postgres?.stop();

async function benchBackend(store: Store, backend: Backend): Promise<void> {
  const deps = { store, clock, log };
  const load = await loadDemoClinic(deps, { patients: size, seed: 42, locations: 3 });
  await sql`analyze`.execute(store.db);
  const floor = await median(runs, () => sql`select (select count(*) from procedures) + (select count(*) from appointments) as n`.execute(store.db));
  const base = { backend, size, floor_ms: floor.median };
  printResult({ bench: 'floor.scan_procedures_appointments', ...base, ms: floor.median, ratio: 1, p95_ms: floor.p95 });
  const loadMs = round(load.seconds * 1000);
  printResult({ bench: 'demo.load', ...base, ms: loadMs, ratio: round(loadMs / floor.median), rows: load.rows, rows_per_s: load.rowsPerSecond });
  const health = await median(runs, () => readHealth(deps));
  printResult({ bench: 'api.health', ...base, ms: health.median, ratio: round(health.median / floor.median), p95_ms: health.p95 });
  const stats = await median(runs, () => readTableCounts(deps));
  printResult({ bench: 'cli.stats', ...base, ms: stats.median, ratio: round(stats.median / floor.median), p95_ms: stats.p95 });
}

async function openBenchStore(backend: Backend): Promise<{ store: Store; dispose(): Promise<void> }> {
  if (backend === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'recare-bench-'));
    return { store: await openStore({ kind: 'pglite', dataDir: dir }, { command: 'bench' }), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.DATABASE_URL ?? (postgres ??= await startThrowawayPostgres()).url;
  const name = `recare_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    store: await openStore({ kind: 'postgres', url: url.toString() }, { command: 'bench' }),
    async dispose() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
