/**
 * `import.csv`: canonical CSVs for the bench size (N patients with a mobile number and an email,
 * 5N appointments, 10N procedures) imported through the real use case into a fresh store, and the
 * same rows loaded with a raw COPY into empty copies of the tables (same columns, defaults and
 * indexes; no foreign keys) in the same run: floor_ms is that COPY, ratio = import / COPY.
 */
import { mkdtempSync, rmSync, writeFileSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../src/clock.js';
import type { CopyValue } from '../src/db/copy-csv.js';
import type { Backend, Store } from '../src/db/open-store.js';
import { importCsvRecords } from '../src/use-cases/import-csv.js';
import { printResult, round } from './measure.js';

type Row = CopyValue[];

interface Generated {
  files: Record<'locations' | 'patients' | 'appointments' | 'procedures', string>;
  /** The same rows as table rows, for the COPY floor. */
  tables: { table: 'patients' | 'contact_points' | 'appointments' | 'procedures'; columns: string[]; rows: Row[] }[];
  csvRows: number;
}

const codes = ['D1110', 'D0120', 'D0274', 'D2391', 'D4910', 'D0150', 'D2740', 'D1206', 'D4341', 'D0210'];

/** Deterministic: the same size gives the same files. */
function generate(dir: string, size: number): Generated {
  const patients = ['patient_id,first_name,last_name,birth_date,status,mobile_phone,email,zip,sms_consent,location'];
  const appointments = ['appointment_id,patient_id,start,status,location,procedure_codes'];
  const procedures = ['procedure_id,patient_id,code,status,date,fee,location'];
  const tables: Generated['tables'] = [
    { table: 'patients', columns: ['id', 'external_source', 'external_id', 'first_name', 'last_name', 'birth_date', 'status', 'zip', 'home_location_id'], rows: [] },
    { table: 'contact_points', columns: ['patient_id', 'kind', 'use', 'value', 'raw_value', 'line_type', 'is_primary', 'time_zone_candidates'], rows: [] },
    { table: 'appointments', columns: ['external_source', 'external_id', 'patient_id', 'location_id', 'starts_at', 'status', 'procedure_codes'], rows: [] },
    { table: 'procedures', columns: ['external_source', 'external_id', 'patient_id', 'code', 'status', 'performed_on', 'fee_cents', 'location_id'], rows: [] },
  ];
  const [tp, tc, ta, tr] = tables.map((t) => t.rows) as [Row[], Row[], Row[], Row[]];
  for (let i = 1; i <= size; i += 1) {
    const phone = `+1512${String(2_000_000 + (i % 7_000_000)).padStart(7, '0')}`;
    const birth = `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`;
    patients.push(`P${i},First${i},Last${i},${birth},active,${phone},p${i}@example.com,78701,yes,L1`);
    tp.push([i, 'bench', `P${i}`, `First${i}`, `Last${i}`, birth, 'active', '78701', 1]);
    tc.push([i, 'phone', 'mobile', phone, phone, 'wireless', true, ['America/Chicago']]);
    tc.push([i, 'email', 'home', `p${i}@example.com`, `p${i}@example.com`, 'unknown', true, []]);
    for (let a = 0; a < 5; a += 1) {
      const day = `2025-${String(1 + ((i + a) % 12)).padStart(2, '0')}-${String(1 + ((i * 7 + a) % 28)).padStart(2, '0')}`;
      const hour = String(8 + ((i + a) % 9)).padStart(2, '0');
      appointments.push(`A${i}-${a},P${i},${day}T${hour}:00,completed,L1,D1110;D0120`);
      ta.push(['bench', `A${i}-${a}`, i, 1, `${day}T${hour}:00:00-06:00`, 'completed', ['D1110', 'D0120']]);
    }
    for (let p = 0; p < 10; p += 1) {
      const day = `2024-${String(1 + ((i + p) % 12)).padStart(2, '0')}-${String(1 + ((i * 3 + p) % 28)).padStart(2, '0')}`;
      const code = codes[(i + p) % codes.length] as string;
      procedures.push(`X${i}-${p},P${i},${code},completed,${day},95.00,L1`);
      tr.push(['bench', `X${i}-${p}`, i, code, 'completed', day, 9500, 1]);
    }
  }
  const write = (name: string, lines: string[]) => {
    const file = join(dir, name);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  return {
    files: {
      locations: write('locations.csv', ['location_id,name,time_zone,state,zip', 'L1,Austin,America/Chicago,TX,78701']),
      patients: write('patients.csv', patients),
      appointments: write('appointments.csv', appointments),
      procedures: write('procedures.csv', procedures),
    },
    tables,
    csvRows: size * 16,
  };
}

export async function benchImportCsv(options: { backend: Backend; size: number; store: Store; clock: Clock; log: Logger }): Promise<void> {
  const { backend, size, store } = options;
  const dir = mkdtempSync(join(tmpdir(), 'recare-import-bench-'));
  try {
    const generated = generate(dir, size);
    const deps = { store, clock: options.clock, log: options.log };

    // The floor: the same rows, COPY'd into empty copies of the tables (with their indexes, no foreign keys).
    for (const t of generated.tables) await sql.raw(`create table floor_${t.table} (like ${t.table} including defaults including identity including indexes)`).execute(store.db);
    const copyStart = performance.now();
    for (const t of generated.tables) {
      for (let i = 0; i < t.rows.length; i += 50_000) await store.copy([{ table: `floor_${t.table}`, columns: t.columns, rows: t.rows.slice(i, i + 50_000) }]);
    }
    const floorMs = round(performance.now() - copyStart);
    for (const t of generated.tables) await sql.raw(`drop table floor_${t.table}`).execute(store.db);

    const started = performance.now();
    let rows = 0;
    for (const kind of ['locations', 'patients', 'appointments', 'procedures'] as const) {
      const summary = await importCsvRecords(deps, { kind, source: createReadStream(generated.files[kind], { highWaterMark: 256 * 1024 }), file: `${kind}.csv`, sourceName: 'bench' });
      if (summary.counts.rejected > 0 || summary.counts.inserted !== summary.counts.read) throw new Error(`bench import of ${kind}: ${JSON.stringify(summary.counts)}`);
      rows += summary.counts.read;
    }
    const ms = round(performance.now() - started);
    const again = performance.now();
    const unchanged = await importCsvRecords(deps, { kind: 'patients', source: createReadStream(generated.files.patients), file: 'patients.csv', sourceName: 'bench' });
    if (unchanged.counts.unchanged !== size) throw new Error(`bench re-import of patients changed rows: ${JSON.stringify(unchanged.counts)}`);
    const againMs = round(performance.now() - again);
    printResult({ bench: 'import.csv', backend, size, ms, floor_ms: floorMs, ratio: round(ms / floorMs), rows, rows_per_s: Math.round(rows / (ms / 1000)), reimport_patients_ms: againMs });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
