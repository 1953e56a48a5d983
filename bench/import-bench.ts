/**
 * `import.csv`: canonical CSVs for the bench size (N patients with a mobile number, an email and a
 * text consent; 5N appointments; 10N procedures — `--size 100000` is issue 5's 100k / 500k / 1M)
 * imported through the real use case, and the floor: the same rows (the patients, contact points,
 * consents, appointments and procedures the import writes) loaded with a raw COPY into the same
 * tables, with every constraint, foreign key and index, on the same backend in the same run. One
 * line per kind and one for the whole import: rows/s and ratio = import / COPY.
 *
 * For reference each line also carries floor_without_fks_ms: the same COPY into copies of the
 * tables with their check constraints and indexes but no foreign keys (what the foreign-key checks
 * cost the floor). The ratio is always against the full floor.
 */
import { mkdtempSync, rmSync, writeFileSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../src/clock.js';
import type { CopyTable, CopyValue } from '../src/db/copy-csv.js';
import type { Backend, Store } from '../src/db/open-store.js';
import { importCsvRecords } from '../src/use-cases/import-csv.js';
import { printResult, round } from './measure.js';

type Row = CopyValue[];
type Kind = 'patients' | 'appointments' | 'procedures';
const kinds: readonly Kind[] = ['patients', 'appointments', 'procedures'];

interface Generated {
  files: Record<'locations' | Kind, string>;
  /** The rows each kind's import writes, as table rows, for the COPY floor. */
  floor: Record<Kind, CopyTable[]>;
  csvRows: Record<Kind, number>;
}

const codes = ['D1110', 'D0120', 'D0274', 'D2391', 'D4910', 'D0150', 'D2740', 'D1206', 'D4341', 'D0210'];
const source = 'bench';

/** Deterministic: the same size gives the same files. */
function generate(dir: string, size: number, now: string): Generated {
  const patients = ['patient_id,first_name,last_name,birth_date,status,mobile_phone,email,zip,sms_consent,location'];
  const appointments = ['appointment_id,patient_id,start,status,location,procedure_codes'];
  const procedures = ['procedure_id,patient_id,code,status,date,fee,location'];
  const tp: Row[] = [];
  const tc: Row[] = [];
  const tk: Row[] = [];
  const ta: Row[] = [];
  const tr: Row[] = [];
  for (let i = 1; i <= size; i += 1) {
    const phone = `+1512${String(2_000_000 + (i % 7_000_000)).padStart(7, '0')}`;
    const birth = `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`;
    patients.push(`P${i},First${i},Last${i},${birth},active,${phone},p${i}@example.com,78701,yes,L1`);
    tp.push([i, source, `P${i}`, `First${i}`, `Last${i}`, birth, 'active', '78701', 'en', false, 1]);
    tc.push([2 * i - 1, i, 'phone', 'mobile', phone, phone, 'wireless', true, true, ['America/Chicago']]);
    tc.push([2 * i, i, 'email', 'home', `p${i}@example.com`, `p${i}@example.com`, 'unknown', true, true, []]);
    tk.push([2 * i - 1, 'sms', 'care', 'pec', true, 'pms_import', now, `csv import from ${source}, run 2`]);
    for (let a = 0; a < 5; a += 1) {
      const day = `2025-${String(1 + ((i + a) % 12)).padStart(2, '0')}-${String(1 + ((i * 7 + a) % 28)).padStart(2, '0')}`;
      const hour = String(8 + ((i + a) % 9)).padStart(2, '0');
      appointments.push(`A${i}-${a},P${i},${day}T${hour}:00,completed,L1,D1110;D0120`);
      ta.push([source, `A${i}-${a}`, i, 1, `${day}T${hour}:00:00-06:00`, 60, 'completed', ['D1110', 'D0120']]);
    }
    for (let p = 0; p < 10; p += 1) {
      const day = `2024-${String(1 + ((i + p) % 12)).padStart(2, '0')}-${String(1 + ((i * 3 + p) % 28)).padStart(2, '0')}`;
      const code = codes[(i + p) % codes.length] as string;
      procedures.push(`X${i}-${p},P${i},${code},completed,${day},95.00,L1`);
      tr.push([source, `X${i}-${p}`, i, 'CDT', code, 'completed', day, 9500, 1]);
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
    floor: {
      patients: [
        { table: 'patients', columns: ['id', 'external_source', 'external_id', 'first_name', 'last_name', 'birth_date', 'status', 'zip', 'language', 'do_not_contact', 'home_location_id'], rows: tp },
        { table: 'contact_points', columns: ['id', 'patient_id', 'kind', 'use', 'value', 'raw_value', 'line_type', 'is_valid', 'is_primary', 'time_zone_candidates'], rows: tc },
        { table: 'consents', columns: ['contact_point_id', 'channel', 'purpose_class', 'kind', 'granted', 'source', 'captured_at', 'evidence'], rows: tk },
      ],
      appointments: [{ table: 'appointments', columns: ['external_source', 'external_id', 'patient_id', 'location_id', 'starts_at', 'duration_minutes', 'status', 'procedure_codes'], rows: ta }],
      procedures: [{ table: 'procedures', columns: ['external_source', 'external_id', 'patient_id', 'code_system', 'code', 'status', 'performed_on', 'fee_cents', 'location_id'], rows: tr }],
    },
    csvRows: { patients: size, appointments: 5 * size, procedures: 10 * size },
  };
}

/** COPY of one kind's rows, 50,000 rows per statement; returns milliseconds. */
async function copyKind(store: Store, tables: readonly CopyTable[], tablePrefix = ''): Promise<number> {
  const started = performance.now();
  for (const t of tables) {
    for (let i = 0; i < t.rows.length; i += 50_000) await store.copy([{ table: `${tablePrefix}${t.table}`, columns: t.columns, rows: t.rows.slice(i, i + 50_000) }]);
  }
  return round(performance.now() - started);
}

const floorTables = ['patients', 'contact_points', 'consents', 'appointments', 'procedures'];

/** The floor: every kind COPY'd into the real tables (kinds in order, so the foreign keys find their rows), then emptied. */
async function measureFloor(store: Store, generated: Generated): Promise<Record<Kind, number>> {
  await sql`insert into locations (id, external_source, external_id, name, time_zone, state, zip) values (1, ${source}, 'L1', 'Austin', 'America/Chicago', 'TX', '78701')`.execute(store.db);
  const ms = {} as Record<Kind, number>;
  for (const kind of kinds) ms[kind] = await copyKind(store, generated.floor[kind]);
  // Empty again (ids restart) for the import; cascade reaches the tables that reference patients.
  await sql.raw(`truncate locations, ${floorTables.join(', ')}, replan_queue restart identity cascade`).execute(store.db);
  return ms;
}

/** For reference only: the same COPY into copies of the tables without foreign keys. */
async function measureFloorWithoutForeignKeys(store: Store, generated: Generated): Promise<Record<Kind, number>> {
  for (const t of floorTables) await sql.raw(`create table nofk_${t} (like ${t} including all)`).execute(store.db);
  const ms = {} as Record<Kind, number>;
  for (const kind of kinds) ms[kind] = await copyKind(store, generated.floor[kind], 'nofk_');
  for (const t of floorTables) await sql.raw(`drop table nofk_${t}`).execute(store.db);
  return ms;
}

export async function benchImportCsv(options: { backend: Backend; size: number; store: Store; clock: Clock; log: Logger }): Promise<void> {
  const { backend, size, store } = options;
  const dir = mkdtempSync(join(tmpdir(), 'recare-import-bench-'));
  try {
    const generated = generate(dir, size, options.clock.now().toISOString());
    const deps = { store, clock: options.clock, log: options.log };
    const withoutFks = await measureFloorWithoutForeignKeys(store, generated);
    const floor = await measureFloor(store, generated);

    const importKind = async (kind: 'locations' | Kind) => {
      const started = performance.now();
      const summary = await importCsvRecords(deps, { kind, source: createReadStream(generated.files[kind], { highWaterMark: 256 * 1024 }), file: `${kind}.csv`, sourceName: source });
      if (summary.counts.rejected > 0 || summary.counts.inserted !== summary.counts.read) throw new Error(`bench import of ${kind}: ${JSON.stringify(summary.counts)}`);
      return { ms: round(performance.now() - started), rows: summary.counts.read };
    };
    const locations = await importKind('locations');
    const total = { ms: locations.ms, rows: locations.rows, floorMs: 0, withoutFksMs: 0, tableRows: 0 };
    for (const kind of kinds) {
      const { ms, rows } = await importKind(kind);
      const tableRows = generated.floor[kind].reduce((n, t) => n + t.rows.length, 0);
      printResult({
        bench: `import.csv.${kind}`, backend, size, ms, floor_ms: floor[kind], ratio: round(ms / floor[kind]),
        rows, rows_per_s: Math.round(rows / (ms / 1000)), table_rows: tableRows, copy_rows_per_s: Math.round(tableRows / (floor[kind] / 1000)), floor_without_fks_ms: withoutFks[kind],
      });
      total.ms += ms;
      total.rows += rows;
      total.floorMs += floor[kind];
      total.withoutFksMs += withoutFks[kind];
      total.tableRows += tableRows;
    }

    const again = performance.now();
    const unchanged = await importCsvRecords(deps, { kind: 'patients', source: createReadStream(generated.files.patients), file: 'patients.csv', sourceName: source });
    if (unchanged.counts.unchanged !== size) throw new Error(`bench re-import of patients changed rows: ${JSON.stringify(unchanged.counts)}`);
    const againMs = round(performance.now() - again);
    printResult({
      bench: 'import.csv', backend, size, ms: round(total.ms), floor_ms: round(total.floorMs), ratio: round(total.ms / total.floorMs),
      rows: total.rows, rows_per_s: Math.round(total.rows / (total.ms / 1000)), table_rows: total.tableRows, copy_rows_per_s: Math.round(total.tableRows / (total.floorMs / 1000)),
      floor_without_fks_ms: round(total.withoutFksMs), reimport_patients_ms: againMs,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
