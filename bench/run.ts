/**
 * `npm run bench [-- --size N] [-- --backend pglite|postgres|both] [-- --only import] [-- --messages N]`: one JSON line per result,
 * each with the median of its runs and a floor measured in the same run on the same data (a bare
 * scan of the procedures and appointments tables), so figures compare across machines as ratios.
 * Starts its own PostgreSQL on loopback unless DATABASE_URL is set. `--only` takes comma-separated
 * prefixes of bench names (`import`, `plan`, `demo`…): `--only import` runs just the import case,
 * `--only dispatch` just the dispatcher (on its own loaded and planned demo clinic), `--only report` just the report's
 * summary for 90 days (the same, with a synthetic outreach history; after the dispatcher when both run), anything else
 * runs the demo-clinic suite (its benches share one loaded store, so it runs whole, dispatch last).
 * `--messages` is the dispatch bench's due set (default 2,000 texts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pino from 'pino';
import { fixedClock } from '../src/clock.js';
import { openStore, type Backend, type Store } from '../src/db/open-store.js';
import { enqueueReplan } from '../src/db/queries/plan-writes.js';
import { worklistCounts } from '../src/db/queries/worklist.js';
import { buildWorklist } from '../src/use-cases/build-worklist.js';
import { loadDemoClinic } from '../src/use-cases/load-demo-clinic.js';
import { planPatients } from '../src/use-cases/plan-patients.js';
import { readHealth } from '../src/use-cases/read-health.js';
import { readTableCounts } from '../src/use-cases/read-table-counts.js';
import { benchDispatch } from './dispatch-bench.js';
import { benchImportCsv } from './import-bench.js';
import { benchReport } from './report-bench.js';
import { median, printResult, round } from './measure.js';
import { createScratchDatabase, startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '10000' }, backend: { type: 'string', default: 'both' }, runs: { type: 'string', default: '7' }, only: { type: 'string' }, messages: { type: 'string', default: '2000' } } });
const size = Number(values.size);
const runs = Number(values.runs);
const messages = Number(values.messages);
const only = values.only?.split(',').map((p) => p.trim()).filter((p) => p !== '') ?? [];
const runImport = only.length === 0 || only.some((p) => 'import.csv'.startsWith(p) || p.startsWith('import'));
const isDispatch = (p: string) => p.startsWith('dispatch') || 'dispatch.sms'.startsWith(p);
const isReport = (p: string) => p.startsWith('report') || 'report.summary_90d'.startsWith(p);
const runDispatch = only.length === 0 || only.some(isDispatch);
const runReport = only.length === 0 || only.some(isReport);
const runSuite = only.length === 0 || only.some((p) => !p.startsWith('import') && !isDispatch(p) && !isReport(p));
const wanted = values.backend === 'both' ? (['pglite', 'postgres'] as Backend[]) : [values.backend as Backend];
if (!Number.isInteger(size) || size < 1 || wanted.some((b) => b !== 'pglite' && b !== 'postgres') || !Number.isInteger(runs) || runs < 1 || !Number.isInteger(messages) || messages < 1) {
  process.stderr.write(`bench: --size must be a whole number ≥ 1 (given ${values.size}), --backend pglite|postgres|both (given ${values.backend}), --runs ≥ 1 (given ${values.runs}), --messages ≥ 1 (given ${values.messages})\n`);
  process.exit(2);
}

const clock = fixedClock('2026-11-24T15:00:00Z');
const patientsPerOffice = 2000;
const log = pino({ level: 'silent' });
let postgres: ThrowawayPostgres | undefined;

for (const backend of wanted) {
  if (runSuite || runDispatch || runReport) {
    const { store, dispose } = await openBenchStore(backend);
    try {
      if (runSuite) await benchBackend(store, backend);
      else await planDemoClinic(store);
      // Last: it moves cases' next steps, which the suite's measurements must not see.
      if (runDispatch) await benchDispatch({ backend, size, store, log, messages, runs: Math.min(runs, 3) });
      // After the dispatcher: it writes the outreach history the report reads, which no other bench may see.
      if (runReport) await benchReport({ backend, size, store, runs: Math.min(runs, 5) });
    } finally {
      await store.close();
      await dispose();
    }
  }
  if (!runImport) continue;
  const fresh = await openBenchStore(backend);
  try {
    await benchImportCsv({ backend, size, store: fresh.store, clock, log });
  } finally {
    await fresh.store.close();
    await fresh.dispose();
  }
}
postgres?.stop();

async function benchBackend(store: Store, backend: Backend): Promise<void> {
  const deps = { store, clock, log };
  const load = await loadDemoClinic(deps, { patients: size, seed: 42, locations: 3 });
  const offices = await splitIntoOffices(store, patientsPerOffice);
  await sql`analyze`.execute(store.db);
  const floor = await median(runs, () => sql`select (select count(*) from procedures) + (select count(*) from appointments) as n`.execute(store.db));
  const base = { backend, size, floor_ms: floor.median };
  printResult({ bench: 'floor.scan_procedures_appointments', ...base, ms: floor.median, ratio: 1, p95_ms: floor.p95 });
  // A second reference, not the floor: handing the columns the planner reads to the application, with no
  // evaluation and no writes. A full plan cannot be cheaper than this.
  const readRows = await median(Math.min(runs, 3), async () => {
    await store.db.selectFrom('procedures').select(['patient_id', 'code_system', 'code', 'status', 'performed_on', 'fee_cents']).execute();
    await store.db.selectFrom('appointments').select(['patient_id', 'starts_at', 'status', 'type']).execute();
  });
  printResult({ bench: 'reference.read_procedures_appointments', ...base, ms: readRows.median, ratio: round(readRows.median / floor.median) });
  const loadMs = round(load.seconds * 1000);
  printResult({ bench: 'demo.load', ...base, ms: loadMs, ratio: round(loadMs / floor.median), rows: load.rows, rows_per_s: load.rowsPerSecond, offices });
  const health = await median(runs, () => readHealth(deps));
  printResult({ bench: 'api.health', ...base, ms: health.median, ratio: round(health.median / floor.median), p95_ms: health.p95 });
  const stats = await median(runs, () => readTableCounts(deps));
  printResult({ bench: 'cli.stats', ...base, ms: stats.median, ratio: round(stats.median / floor.median), p95_ms: stats.p95 });
  await benchEngine(store, base, floor.median);
}

/** The dispatch bench alone: the demo clinic loaded and planned once, nothing measured. */
async function planDemoClinic(store: Store): Promise<void> {
  const deps = { store, clock, log };
  await loadDemoClinic(deps, { patients: size, seed: 42, locations: 3 });
  await sql`analyze`.execute(store.db);
  await planPatients(deps, { full: true });
}

/** The recall engine: full plan, 1% incremental re-plan, one office's worklist, the global worklist count. */
async function benchEngine(store: Store, base: { backend: Backend; size: number; floor_ms: number }, floorMs: number): Promise<void> {
  const deps = { store, clock, log };
  const first = await median(1, () => planPatients(deps, { full: true }));
  printResult({ bench: 'plan.full', ...base, ms: first.median, ratio: round(first.median / floorMs), patients_per_s: Math.round(size / (first.median / 1000)) });
  const again = await median(Math.min(runs, 3), () => planPatients(deps, { full: true }));
  printResult({ bench: 'plan.full_unchanged', ...base, ms: again.median, ratio: round(again.median / floorMs) });
  // 1% of patients get a new cleaning (a different 1% each run), are queued, and re-planned incrementally.
  let round_ = 0;
  const incremental = await median(runs, async () => {
    const ids = (await sql<{ id: number }>`select id from patients where id % 100 = ${round_++ % 100}`.execute(store.db)).rows.map((r) => Number(r.id));
    await store.db.insertInto('procedures').values(ids.map((id) => ({ patient_id: id, code: 'D1110', status: 'completed' as const, performed_on: '2026-11-23' }))).execute();
    await enqueueReplan(store.db, ids, 'bench');
    return planPatients(deps, {});
  });
  printResult({ bench: 'plan.incremental_1pct', ...base, ms: incremental.median, ratio: round(incremental.median / floorMs), ratio_to_full: round(incremental.median / first.median), p95_ms: incremental.p95 });
  // The scheduled plan on the following days: no data changed, only time passed (windows open, visits pass).
  let dayAhead = 0;
  const rechecked: number[] = [];
  const nextDay = await median(3, async () => {
    dayAhead += 1;
    const result = await planPatients({ ...deps, clock: fixedClock(new Date(clock.now().getTime() + dayAhead * 86_400_000).toISOString()) }, {});
    rechecked.push(result.rechecked);
    return result;
  });
  printResult({
    bench: 'plan.next_day', ...base, ms: nextDay.median, ratio: round(nextDay.median / floorMs), ratio_to_full: round(nextDay.median / first.median),
    patients_rechecked: rechecked.sort((a, b) => a - b)[1] ?? 0,
  });
  const location = await median(runs, () => buildWorklist(deps, { location: 'TPA', limit: 50 }));
  const officeSize = await sql<{ n: number }>`select count(*)::int as n from patients p join locations l on l.id = p.home_location_id where l.external_id = 'TPA'`.execute(store.db);
  printResult({ bench: 'worklist.location', ...base, ms: location.median, ratio: round(location.median / floorMs), p95_ms: location.p95, office_patients: Number(officeSize.rows[0]?.n ?? 0) });
  const filter = { at: clock.now(), locationIds: null, queue: null, visibleQueues: ['clinical', 'insurance', 'language', 'manager'] as const, segment: null, userId: null, handoffHours: 2, claimMinutes: 30 };
  const count = await median(runs, () => worklistCounts(store.db, filter));
  printResult({ bench: 'worklist.count_global', ...base, ms: count.median, ratio: round(count.median / floorMs), p95_ms: count.p95 });
}

/**
 * The issue measures one office's worklist at ≈2,000 patients in a large group: the demo's three
 * offices are split into offices of `perOffice` patients each (same state and time zone, codes
 * TPA, TPA-1, TPA-2 …), before the first plan so cases carry their office.
 */
async function splitIntoOffices(store: Store, perOffice: number): Promise<number> {
  await sql`
    insert into locations (external_id, name, time_zone, address1, city, state, zip, phone, hours, holidays_region)
    select l.external_id || '-' || b.bucket, l.name || ' ' || b.bucket, l.time_zone, l.address1, l.city, l.state, l.zip, l.phone, l.hours, l.holidays_region
    from locations l
    join (select distinct home_location_id as location_id, (row_number() over (partition by home_location_id order by id) - 1) / ${perOffice} as bucket
          from patients where home_location_id is not null) b on b.location_id = l.id
    where b.bucket > 0`.execute(store.db);
  await sql`
    update patients p set home_location_id = n.id
    from (select id, home_location_id, (row_number() over (partition by home_location_id order by id) - 1) / ${perOffice} as bucket from patients where home_location_id is not null) r
    join locations o on o.id = r.home_location_id
    join locations n on n.external_id = o.external_id || '-' || r.bucket
    where p.id = r.id and r.bucket > 0`.execute(store.db);
  await sql`analyze`.execute(store.db);
  const count = await sql<{ n: number }>`select count(*)::int as n from locations`.execute(store.db);
  return Number(count.rows[0]?.n ?? 0);
}

async function openBenchStore(backend: Backend): Promise<{ store: Store; dispose(): Promise<void> }> {
  if (backend === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'recare-bench-'));
    return { store: await openStore({ kind: 'pglite', dataDir: dir }, { command: 'bench' }), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.DATABASE_URL ?? (postgres ??= await startThrowawayPostgres()).url;
  const database = await createScratchDatabase(adminUrl, 'recare_bench');
  return { store: await openStore({ kind: 'postgres', url: database.url }, { command: 'bench' }), dispose: () => database.drop() };
}
