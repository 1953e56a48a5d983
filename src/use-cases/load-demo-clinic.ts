/**
 * Loads the deterministic demo clinic into an empty database with COPY, one batch of whole
 * households per transaction, and records the load as an import run.
 */
import { DateTime } from 'luxon';
import { AppError } from '../domain/errors.js';
import { generateOffices, generatePatients, type DemoOptions } from '../demo/generate-demo-clinic.js';
import { countRows } from '../db/queries/table-counts.js';
import { resetIdentitySequences, truncateAll } from '../db/queries/reset-sequences.js';
import { tablesInDependencyOrder } from '../db/schema.js';
import { createDemoUsers } from './demo-users.js';
import type { Deps } from './deps.js';

export interface LoadDemoRequest {
  patients: number;
  seed: number;
  locations: number;
  /** Empty every table first; without it, a database that already has patients is refused. */
  reset?: boolean;
  onProgress?: (progress: { patients: number; rows: number }) => void;
}

export interface LoadDemoResult {
  patients: number;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  importRunId: number;
}

export const demoLimits = { maxPatients: 2_000_000, maxLocations: 3 };

export async function loadDemoClinic(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: LoadDemoRequest): Promise<LoadDemoResult> {
  validate(request);
  const { db } = deps.store;
  if (request.reset) {
    await truncateAll(db, tablesInDependencyOrder);
  } else if ((await countRows(db, 'patients')) > 0) {
    throw new AppError('conflict', 'This database already has patients, so the demo clinic was not loaded. Use --reset to replace everything, or point --data at a new directory.');
  }

  const started = performance.now();
  const options: DemoOptions = {
    patients: request.patients,
    seed: request.seed,
    locations: request.locations,
    today: DateTime.fromJSDate(deps.clock.now(), { zone: 'UTC' }).toISODate() as string,
    firstSeenAt: deps.clock.now(),
  };
  const run = await db
    .insertInto('import_runs')
    .values({ kind: 'demo', format: 'demo', source_name: `demo seed=${request.seed} patients=${request.patients} locations=${request.locations}` })
    .returning('id')
    .executeTakeFirstOrThrow();

  await db.insertInto('organization').values({ name: 'Sunrise Dental Group (demo)', demo: true, policy: '{}' }).onConflict((oc) => oc.column('id').doNothing()).execute();
  const offices = generateOffices(options);
  await deps.store.copy(offices.tables);
  let patients = 0;
  let rows = offices.tables.reduce((n, t) => n + t.rows.length, 0);
  // One batch in flight while the next is generated: the database (a worker thread or a server)
  // loads while this thread builds rows, so the two cores work at once.
  let inFlight: Promise<void> = Promise.resolve();
  for (const batch of generatePatients(options, offices.offices)) {
    await inFlight;
    inFlight = deps.store.copy(batch.tables).then(() => {
      patients += batch.patients;
      rows += batch.rows;
      request.onProgress?.({ patients, rows });
    });
  }
  await inFlight;
  await createDemoUsers(deps);
  await resetIdentitySequences(db, ['locations', 'providers', 'patients', 'contact_points', 'consents', 'opt_outs', 'communication_preferences', 'appointments', 'procedures', 'import_runs']);
  await db
    .updateTable('import_runs')
    .set({ status: 'completed', rows_read: rows, rows_inserted: rows, finished_at: deps.clock.now() })
    .where('id', '=', run.id)
    .execute();
  const seconds = (performance.now() - started) / 1000;
  deps.log.info({ importRunId: run.id, patients, rows, seconds: Math.round(seconds * 10) / 10 }, 'demo clinic loaded');
  return { patients, rows, seconds, rowsPerSecond: Math.round(rows / Math.max(seconds, 0.001)), importRunId: run.id };
}

function validate(request: LoadDemoRequest): void {
  const issues = [];
  if (!Number.isInteger(request.patients) || request.patients < 1 || request.patients > demoLimits.maxPatients) {
    issues.push({ path: 'patients', value: request.patients, message: `must be a whole number from 1 to ${demoLimits.maxPatients.toLocaleString('en-US')}` });
  }
  if (!Number.isInteger(request.locations) || request.locations < 1 || request.locations > demoLimits.maxLocations) {
    issues.push({ path: 'locations', value: request.locations, message: `must be 1, 2 or 3` });
  }
  if (!Number.isInteger(request.seed) || request.seed < 0 || request.seed > 2 ** 31) {
    issues.push({ path: 'seed', value: request.seed, message: 'must be a whole number from 0 to 2147483648' });
  }
  if (issues.length) {
    throw new AppError('invalid_input', issues.map((i) => `--${i.path} ${JSON.stringify(i.value)}: ${i.message}`).join('; '), issues);
  }
}

/** The server loads the demo clinic only into a database that has never held an organization or patient. */
export async function countRowsForFirstRun(deps: Pick<Deps, 'store'>): Promise<number> {
  return (await countRows(deps.store.db, 'organization')) + (await countRows(deps.store.db, 'patients'));
}
