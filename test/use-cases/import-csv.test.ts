import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/importers/index.js';
import { importCsvRecords } from '../../src/use-cases/import-csv.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { count, csv, importDeps, snapshot } from './import-helpers.js';
import { messyPatientsProblems } from '../fixtures/handmade/patients-messy.problems.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/handmade/${name}`, import.meta.url)), 'utf8');


describe.each(backends)('CSV import into the database on %s', (backend) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(backend);
  });
  afterAll(async () => t.dispose());

  const importPatients = (text: string, extra: { dryRun?: boolean; batchSize?: number; file?: string } = {}) =>
    importCsvRecords(importDeps(t.store), { kind: 'patients', source: [text], file: extra.file ?? 'patients.csv', ...extra });

  it('imports the good rows of the messy CSV, reports every bad one with its line, and writes nothing else', async () => {
    const summary = await importPatients(fixture('patients-messy.csv'));
    expect(summary.problems.map(formatProblem)).toEqual(messyPatientsProblems);
    expect(summary.counts).toEqual({ read: 10, inserted: 5, updated: 0, unchanged: 0, rejected: 5 });
    expect(summary.status).toBe('completed');

    const patients = await t.store.db.selectFrom('patients').select(['external_source', 'external_id', 'first_name', 'last_name', 'birth_date', 'status']).orderBy('external_id').execute();
    expect(patients).toEqual([
      { external_source: 'csv', external_id: 'p1', first_name: 'Ana', last_name: 'García', birth_date: '1984-03-21', status: 'active' },
      { external_source: 'csv', external_id: 'p2', first_name: 'Ben', last_name: 'Okafor', birth_date: null, status: 'active' },
      { external_source: 'csv', external_id: 'p4', first_name: 'Dev', last_name: 'Patel', birth_date: '1988-07-04', status: 'inactive' },
      { external_source: 'csv', external_id: 'p6', first_name: 'Eve "Evie"', last_name: 'Stone', birth_date: '1970-01-01', status: 'deceased' },
      { external_source: 'csv', external_id: 'p7', first_name: 'Finn', last_name: "O'Brien", birth_date: '1999-12-31', status: 'active' },
    ]);
    const points = await sql<{ external_id: string; kind: string; value: string; is_valid: boolean; invalid_reason: string | null; line_type: string; is_primary: boolean; time_zone_candidates: string[] }>`
      select p.external_id, c.kind, c.value, c.is_valid, c.invalid_reason, c.line_type, c.is_primary, c.time_zone_candidates
      from contact_points c join patients p on p.id = c.patient_id order by p.external_id, c.id`.execute(t.store.db);
    expect(points.rows).toEqual([
      { external_id: 'p1', kind: 'phone', value: '+13125550143', is_valid: true, invalid_reason: null, line_type: 'wireless', is_primary: true, time_zone_candidates: ['America/Chicago'] },
      { external_id: 'p1', kind: 'email', value: 'ana@example.com', is_valid: true, invalid_reason: null, line_type: 'unknown', is_primary: true, time_zone_candidates: [] },
      { external_id: 'p2', kind: 'phone', value: '+13128675309', is_valid: true, invalid_reason: null, line_type: 'wireless', is_primary: true, time_zone_candidates: ['America/Chicago'] },
      { external_id: 'p2', kind: 'email', value: 'ben@example', is_valid: false, invalid_reason: 'is not a valid email address', line_type: 'unknown', is_primary: false, time_zone_candidates: [] },
      { external_id: 'p4', kind: 'phone', value: '555-01', is_valid: false, invalid_reason: 'is too short for a phone number', line_type: 'wireless', is_primary: false, time_zone_candidates: [] },
      { external_id: 'p4', kind: 'email', value: 'dev@example.com', is_valid: true, invalid_reason: null, line_type: 'unknown', is_primary: true, time_zone_candidates: [] },
      { external_id: 'p6', kind: 'phone', value: '+12125551234', is_valid: true, invalid_reason: null, line_type: 'wireless', is_primary: true, time_zone_candidates: ['America/New_York'] },
      { external_id: 'p6', kind: 'email', value: 'eve@example.com', is_valid: true, invalid_reason: null, line_type: 'unknown', is_primary: true, time_zone_candidates: [] },
      { external_id: 'p7', kind: 'phone', value: '+12125551234', is_valid: true, invalid_reason: null, line_type: 'wireless', is_primary: true, time_zone_candidates: ['America/New_York'] },
      { external_id: 'p7', kind: 'email', value: 'finn@example.com', is_valid: true, invalid_reason: null, line_type: 'unknown', is_primary: true, time_zone_candidates: [] },
    ]);
    // sms_consent: yes (p1, p7), no (p2, p6), "maybe" ignored (p4): one care consent row each, on the mobile number.
    const consents = await sql<{ external_id: string; channel: string; granted: boolean; source: string; purpose_class: string }>`
      select p.external_id, k.channel, k.granted, k.source, k.purpose_class from consents k join contact_points c on c.id = k.contact_point_id join patients p on p.id = c.patient_id
      order by p.external_id`.execute(t.store.db);
    expect(consents.rows).toEqual([
      { external_id: 'p1', channel: 'sms', granted: true, source: 'pms_import', purpose_class: 'care' },
      { external_id: 'p2', channel: 'sms', granted: false, source: 'pms_import', purpose_class: 'care' },
      { external_id: 'p6', channel: 'sms', granted: false, source: 'pms_import', purpose_class: 'care' },
      { external_id: 'p7', channel: 'sms', granted: true, source: 'pms_import', purpose_class: 'care' },
    ]);
    expect(await count(t.store, 'replan_queue')).toBe(5);
    for (const table of ['locations', 'providers', 'appointments', 'procedures', 'imported_recalls', 'attempts', 'opt_outs', 'communication_preferences', 'cases']) {
      expect(await count(t.store, table), table).toBe(0);
    }
    const run = await t.store.db.selectFrom('import_runs').selectAll().where('id', '=', summary.importRunId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ kind: 'patients', format: 'csv', source_name: 'csv', dry_run: false, status: 'completed', rows_read: 10, rows_inserted: 5, rows_updated: 0, rows_unchanged: 0, rows_rejected: 5 });
    expect(await count(t.store, 'import_problems', `import_run_id = ${summary.importRunId}`)).toBe(messyPatientsProblems.length);
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await snapshot(t.store);
    const summary = await importPatients(fixture('patients-messy.csv'));
    expect(summary.counts).toEqual({ read: 10, inserted: 0, updated: 0, unchanged: 5, rejected: 5 });
    expect(summary.problems.map(formatProblem)).toEqual(messyPatientsProblems);
    expect(await snapshot(t.store)).toEqual(before);
  });

  it('an updated file updates only what changed, and keeps a vanished number (flagged) with its consent history', async () => {
    const text = fixture('patients-messy.csv')
      .replace('p1,Ana,García,1984-03-21,active,(312) 555-0143', 'p1,Ana,García,1984-03-21,active,(312) 555-0199')
      .replace('p7,Finn,O\'Brien', 'p7,Finn,OBrien');
    const before = await snapshot(t.store);
    const summary = await importPatients(text);
    expect(summary.counts).toEqual({ read: 10, inserted: 0, updated: 2, unchanged: 3, rejected: 5 });
    const after = await snapshot(t.store);
    const changedPatients = (after.patients as { external_id: string; updated_at: Date }[]).filter((p, i) => p.updated_at.getTime() !== ((before.patients ?? [])[i] as { updated_at: Date }).updated_at.getTime());
    expect(changedPatients.map((p) => p.external_id)).toEqual(['p7']);
    const ana = await sql<{ value: string; is_valid: boolean; invalid_reason: string | null; is_primary: boolean; consents: number }>`
      select c.value, c.is_valid, c.invalid_reason, c.is_primary, (select count(*)::int from consents k where k.contact_point_id = c.id) as consents
      from contact_points c join patients p on p.id = c.patient_id where p.external_id = 'p1' and c.kind = 'phone' order by c.id`.execute(t.store.db);
    expect(ana.rows).toEqual([
      { value: '+13125550143', is_valid: false, invalid_reason: 'no longer in the source system', is_primary: false, consents: 1 },
      { value: '+13125550199', is_valid: true, invalid_reason: null, is_primary: true, consents: 1 },
    ]);
  });

  it('a dry run reports what would change and changes nothing', async () => {
    const before = await snapshot(t.store);
    const summary = await importPatients(csv(['patient_id,first_name,last_name,mobile_phone', 'p1,Ana,García,(312) 555-0143', 'n1,Nia,New,3125550101', 'n2,,Missing,']), { dryRun: true });
    expect(summary.dryRun).toBe(true);
    expect(summary.counts).toEqual({ read: 3, inserted: 1, updated: 1, unchanged: 0, rejected: 1 });
    expect(await snapshot(t.store)).toEqual(before);
    const run = await t.store.db.selectFrom('import_runs').selectAll().where('id', '=', summary.importRunId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ dry_run: true, status: 'completed', rows_inserted: 1, rows_updated: 1, rows_rejected: 1 });
    const problems = await t.store.db.selectFrom('import_problems').select(['line', 'column_name', 'message']).where('import_run_id', '=', summary.importRunId).execute();
    expect(problems).toEqual([{ line: 4, column_name: 'first_name', message: 'is empty; first_name is required' }]);
  });

  it('links guarantors across batches, and reports a guarantor that is nowhere', async () => {
    const summary = await importPatients(csv([
      'patient_id,first_name,last_name,birth_date,guarantor_id,no_voicemail,do_not_contact',
      'h1,Kid,Family,2015-01-01,h3,,',
      'h2,Teen,Family,2010-01-01,h3,yes,',
      'h3,Parent,Family,1980-01-01,h3,,yes',
      'h4,Lost,Family,1981-01-01,ghost,,',
    ]), { file: 'family.csv', batchSize: 2 });
    expect(summary.counts).toEqual({ read: 4, inserted: 4, updated: 0, unchanged: 0, rejected: 0 });
    expect(summary.problems.map(formatProblem)).toEqual([
      'family.csv line 5, column "guarantor_id": "ghost" is not a patient of source "csv"; the guarantor link was left empty (import the guarantor and run again)',
    ]);
    const rows = await sql<{ external_id: string; guarantor: string | null; do_not_contact: boolean; no_voicemail: boolean }>`
      select p.external_id, g.external_id as guarantor, p.do_not_contact,
        exists (select 1 from communication_preferences c where c.patient_id = p.id and c.kind = 'no_voicemail') as no_voicemail
      from patients p left join patients g on g.id = p.guarantor_id where p.external_id like 'h%' order by p.external_id`.execute(t.store.db);
    expect(rows.rows).toEqual([
      { external_id: 'h1', guarantor: 'h3', do_not_contact: false, no_voicemail: false },
      { external_id: 'h2', guarantor: 'h3', do_not_contact: false, no_voicemail: true },
      { external_id: 'h3', guarantor: 'h3', do_not_contact: true, no_voicemail: false },
      { external_id: 'h4', guarantor: null, do_not_contact: false, no_voicemail: false },
    ]);
    const again = await importPatients(csv([
      'patient_id,first_name,last_name,birth_date,guarantor_id,no_voicemail,do_not_contact',
      'h1,Kid,Family,2015-01-01,h3,,',
      'h2,Teen,Family,2010-01-01,h3,no,',
      'h3,Parent,Family,1980-01-01,h3,,yes',
      'h4,Lost,Family,1981-01-01,ghost,,',
    ]), { file: 'family.csv', batchSize: 2 });
    expect(again.counts).toEqual({ read: 4, inserted: 0, updated: 1, unchanged: 3, rejected: 0 });
    expect(await count(t.store, 'communication_preferences')).toBe(0);
  });

  // Within a file names compare without accents (findDuplicatePatients); against the database, case-insensitively.
  it('suggests duplicates within the file and against patients already in the database, and merges nothing', async () => {
    const summary = await importPatients(csv([
      'patient_id,first_name,last_name,birth_date,mobile_phone',
      'd1,Ana,Garcia,1984-03-21,',
      'd2,Ana,García,1984-03-21,',
      'd3,Finn,OBrien,,2125551234',
    ]), { file: 'dupes.csv' });
    expect(summary.counts.inserted).toBe(3);
    const pairs = summary.duplicates.map((d) => `${d.patients.map((p) => `${p.source}:${p.externalId}`).join(' ~ ')} (${d.reasons.join(', ')})`).sort();
    expect(pairs).toEqual([
      'csv:d1 ~ csv:d2 (same_name_and_birth_date)',
      'csv:d2 ~ csv:p1 (same_name_and_birth_date)',
      'csv:d3 ~ csv:p7 (same_phone_and_name)',
    ]);
    expect(await count(t.store, 'patients', "external_id in ('d1', 'd2', 'd3', 'p1', 'p7')")).toBe(5);
  });

  it('rejects only the row with an oversized cell, saying how long it is and what is allowed, and keeps the good rows', async () => {
    const good = Array.from({ length: 60 }, (_, i) => `big-${i},First${i},Last${i},`);
    const summary = await importPatients(csv([
      'patient_id,first_name,last_name,email',
      ...good.slice(0, 30),
      `big-huge,Hugo,${'Ab'.repeat(1_500_000)},`,
      `${'i'.repeat(201)},Ida,Long,`,
      `big-mail,Mo,Mail,${'m'.repeat(250)}@example.com`,
      ...good.slice(30),
    ]), { file: 'oversized.csv', batchSize: 25 });
    expect(summary.counts).toEqual({ read: 63, inserted: 60, updated: 0, unchanged: 0, rejected: 3 });
    expect(summary.problems).toEqual([
      { file: 'oversized.csv', line: 32, column: 'last_name', value: null, severity: 'error', message: 'is 3,000,000 characters long; last_name allows at most 200, so the row was not imported' },
      { file: 'oversized.csv', line: 33, column: 'patient_id', value: null, severity: 'error', message: 'is 201 characters long; patient_id allows at most 200, so the row was not imported' },
      { file: 'oversized.csv', line: 34, column: 'email', value: null, severity: 'error', message: 'is 262 characters long; email allows at most 254, so the row was not imported' },
    ]);
    expect(await count(t.store, 'patients', "external_id like 'big-%'")).toBe(60);
  });
});

describe.each(backends)('a CSV with mixed line endings on %s', (backend) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(backend);
  });
  afterAll(async () => t.dispose());

  it('imports the right rows of a file whose header ends in CRLF, rows in LF, one in a lone CR, and reports bad rows by their line', async () => {
    const text =
      'patient_id,first_name,last_name,birth_date,status\r\n' +
      'm1,Ana,García,1984-03-21,active\n' +
      'm2,Ben,Okafor,1990-01-15,zombie\n' +
      'm3,Cara,Nguyen,1975-03-04,active\r' +
      'm4,Dev,Patel,1988-07-04,inactive\r\n' +
      '\n' +
      'm5,,Smith,2001-01-01,active\n';
    // Chunks that split each CRLF between its CR and its LF, as a stream may.
    const summary = await importCsvRecords(importDeps(t.store), { kind: 'patients', source: text.split(/(?<=\r)/), file: 'mixed.csv' });
    expect(summary.counts).toEqual({ read: 5, inserted: 3, updated: 0, unchanged: 0, rejected: 2 });
    expect(summary.problems.map(formatProblem)).toEqual([
      'mixed.csv line 3, column "status": "zombie" is not one of active, inactive, deceased, archived; the row was not imported',
      'mixed.csv line 7, column "first_name": is empty; first_name is required',
    ]);
    const patients = await t.store.db.selectFrom('patients').select(['external_id', 'first_name', 'last_name', 'birth_date', 'status']).orderBy('external_id').execute();
    expect(patients).toEqual([
      { external_id: 'm1', first_name: 'Ana', last_name: 'García', birth_date: '1984-03-21', status: 'active' },
      { external_id: 'm3', first_name: 'Cara', last_name: 'Nguyen', birth_date: '1975-03-04', status: 'active' },
      { external_id: 'm4', first_name: 'Dev', last_name: 'Patel', birth_date: '1988-07-04', status: 'inactive' },
    ]);
  });
});

describe.each(backends)('offices, visits, procedures, recalls and contact history on %s', (backend) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(backend);
    const deps = importDeps(t.store);
    await importCsvRecords(deps, { kind: 'locations', file: 'locations.csv', source: [csv([
      'location_id,name,time_zone,address1,city,state,zip,phone',
      'L1,Austin Smiles,America/Chicago,1 Main St,Austin,TX,78701,512-555-0100',
      'L2,Phoenix Smiles,America/Phoenix,2 Main St,Phoenix,AZ,85001,',
      'L3,Tucson Smiles,America/Phoenix,3 Main St,Tucson,Arizonaa,85701,',
    ])] });
    await importCsvRecords(deps, { kind: 'providers', file: 'providers.csv', source: [csv(['provider_id,name,role,location', 'D1,Dr One,dentist,L1', 'H1,Hy Gienist,hygienist,L9'])] });
    await importCsvRecords(deps, { kind: 'patients', file: 'patients.csv', source: [csv([
      'patient_id,first_name,last_name,birth_date,zip,location,provider,mobile_phone',
      'p1,Ana,Lopez,1984-03-21,78701,L1,D1,512-555-0143',
      'p2,Ben,Ray,1990-01-02,,,,',
    ])] });
  });
  afterAll(async () => t.dispose());

  it('rejects an office whose state is not a US state and warns about an unknown office', async () => {
    const locations = await t.store.db.selectFrom('locations').select(['external_id', 'phone', 'state']).execute();
    expect(locations).toEqual([{ external_id: 'L1', phone: '+15125550100', state: 'TX' }, { external_id: 'L2', phone: null, state: 'AZ' }]);
    const problems = await sql<{ message: string; line: number }>`select message, line from import_problems order by id`.execute(t.store.db);
    expect(problems.rows).toEqual([
      { line: 4, message: '"Arizonaa" is not a US state; use a two-letter code such as TX or FL; the row was not imported' },
      { line: 3, message: '"L9" is not an office of source "csv"; left empty (import the locations file first, or fix the id)' },
    ]);
  });

  it('imports appointments in the office time zone, rejecting unknown patients and nonexistent local times by line', async () => {
    const file = csv([
      'appointment_id,patient_id,start,status,location,procedure_codes,duration_minutes',
      'a1,p1,2026-05-04T09:30,scheduled,L1,D1110;D0120,0',
      'a2,ghost,2026-05-04T10:30,scheduled,L1,,',
      'a3,p1,2026-03-08T02:30,scheduled,L1,,',
      'a4,p1,2026-05-05T08:00,confirmed,,,',
      'a5,p2,2026-05-05T08:00,confirmed,,,',
      'a6,p2,2026-05-05T08:00-07:00,no_show,,,45',
    ]);
    const summary = await importCsvRecords(importDeps(t.store), { kind: 'appointments', file: 'appointments.csv', source: [file] });
    expect(summary.problems.map(formatProblem)).toEqual([
      'appointments.csv line 2, column "duration_minutes": 0 is not a length of appointment; use 1 to 1440 minutes; the value was ignored',
      'appointments.csv line 3, column "patient_id": "ghost" is not a patient of source "csv"; import the patients file first (or fix the id); the appointment was not imported',
      'appointments.csv line 4, column "start": 2026-03-08T02:30:00 does not exist in America/Chicago (the clocks skip that hour for daylight saving time); correct the time in the source; the row was not imported',
      'appointments.csv line 6, column "start": "2026-05-05T08:00:00" has no offset and its time zone is unknown: no known office is named and patient "p2" has no home office or ZIP here; add the location, or write the time with an offset, e.g. 2026-05-04T09:30-05:00; the row was not imported',
    ]);
    expect(summary.counts).toEqual({ read: 6, inserted: 3, updated: 0, unchanged: 0, rejected: 3 });
    const rows = await sql<{ external_id: string; starts_at: Date; duration_minutes: number; procedure_codes: string[]; patient: string }>`
      select a.external_id, a.starts_at, a.duration_minutes, a.procedure_codes, p.external_id as patient from appointments a join patients p on p.id = a.patient_id order by a.external_id`.execute(t.store.db);
    expect(rows.rows.map((r) => [r.external_id, r.patient, r.starts_at.toISOString(), r.duration_minutes, r.procedure_codes])).toEqual([
      ['a1', 'p1', '2026-05-04T14:30:00.000Z', 60, ['D1110', 'D0120']],
      // No office on the row: the patient's home office (Austin) decides.
      ['a4', 'p1', '2026-05-05T13:00:00.000Z', 60, []],
      ['a6', 'p2', '2026-05-05T15:00:00.000Z', 45, []],
    ]);
    const again = await importCsvRecords(importDeps(t.store), { kind: 'appointments', file: 'appointments.csv', source: [file] });
    expect(again.counts).toEqual({ read: 6, inserted: 0, updated: 0, unchanged: 3, rejected: 3 });
    const moved = await importCsvRecords(importDeps(t.store), { kind: 'appointments', file: 'appointments.csv', source: [file.replace('a6,p2,2026-05-05T08:00-07:00,no_show', 'a6,p2,2026-05-05T08:00-07:00,completed')] });
    expect(moved.counts).toEqual({ read: 6, inserted: 0, updated: 1, unchanged: 2, rejected: 3 });
  });

  it('upserts procedures by id or by natural key, keeping two identical same-day rows apart', async () => {
    const file = csv([
      'procedure_id,patient_id,code,status,date,fee,provider,appointment_id',
      'x1,p1,D1110,completed,2026-01-10,95.00,D1,a1',
      ',p1,D2391,completed,2026-01-10,120.00,,',
      ',p1,D2391,completed,2026-01-10,140.00,,',
      ',p2,D0150,planned,2026-02-01,,,',
      ',ghost,D0150,planned,2026-02-01,,,',
    ]);
    const first = await importCsvRecords(importDeps(t.store), { kind: 'procedures', file: 'procedures.csv', source: [file] });
    expect(first.counts).toEqual({ read: 5, inserted: 4, updated: 0, unchanged: 0, rejected: 1 });
    expect(first.problems.map(formatProblem)).toEqual(['procedures.csv line 6, column "patient_id": "ghost" is not a patient of source "csv"; import the patients file first (or fix the id); the procedure was not imported']);
    const again = await importCsvRecords(importDeps(t.store), { kind: 'procedures', file: 'procedures.csv', source: [file] });
    expect(again.counts).toEqual({ read: 5, inserted: 0, updated: 0, unchanged: 4, rejected: 1 });
    const changed = await importCsvRecords(importDeps(t.store), { kind: 'procedures', file: 'procedures.csv', source: [file.replace('140.00', '150.00')] });
    expect(changed.counts).toEqual({ read: 5, inserted: 0, updated: 1, unchanged: 3, rejected: 1 });
    const fees = await sql<{ code: string; fee_cents: number | null; appointment: string | null }>`
      select t.code, t.fee_cents, a.external_id as appointment from procedures t left join appointments a on a.id = t.appointment_id order by t.id`.execute(t.store.db);
    expect(fees.rows).toEqual([
      { code: 'D1110', fee_cents: 9500, appointment: 'a1' },
      { code: 'D2391', fee_cents: 12000, appointment: null },
      { code: 'D2391', fee_cents: 15000, appointment: null },
      { code: 'D0150', fee_cents: null, appointment: null },
    ]);
  });

  it('keeps identical rows without an id apart when batches split them, and re-imports them as unchanged', async () => {
    const file = csv([
      'patient_id,code,status,date,fee',
      'p2,D2140,completed,2026-03-03,80.00',
      'p2,D2140,completed,2026-03-03,80.00',
      'p2,D2140,completed,2026-03-03,80.00',
    ]);
    const fillings = () => sql<{ n: number }>`select count(*)::int as n from procedures t join patients p on p.id = t.patient_id where p.external_id = 'p2' and t.code = 'D2140'`.execute(t.store.db);
    const first = await importCsvRecords(importDeps(t.store), { kind: 'procedures', file: 'fillings.csv', source: [file], batchSize: 1 });
    expect(first.counts).toEqual({ read: 3, inserted: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect((await fillings()).rows[0]?.n).toBe(3);
    const again = await importCsvRecords(importDeps(t.store), { kind: 'procedures', file: 'fillings.csv', source: [file], batchSize: 2 });
    expect(again.counts).toEqual({ read: 3, inserted: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect((await fillings()).rows[0]?.n).toBe(3);
  });

  // New rows are COPY'd straight in, stored ones compared through staging: one batch holding both.
  it('a batch with new and stored visits inserts the new, updates the moved one, and queues its old and new patient', async () => {
    await sql`delete from replan_queue`.execute(t.store.db);
    const summary = await importCsvRecords(importDeps(t.store), { kind: 'appointments', file: 'appointments.csv', source: [csv([
      'appointment_id,patient_id,start,status,location',
      'a1,p2,2026-05-04T09:30,scheduled,L1',
      'a7,p2,2026-06-01T09:00,scheduled,L1',
      'a4,p1,2026-05-05T08:00,confirmed,',
    ])] });
    expect(summary.counts).toEqual({ read: 3, inserted: 1, updated: 1, unchanged: 1, rejected: 0 });
    const owners = await sql<{ external_id: string; patient: string }>`
      select a.external_id, p.external_id as patient from appointments a join patients p on p.id = a.patient_id where a.external_id in ('a1', 'a7') order by a.external_id`.execute(t.store.db);
    expect(owners.rows).toEqual([{ external_id: 'a1', patient: 'p2' }, { external_id: 'a7', patient: 'p2' }]);
    // p1 only lost a visit: it is queued as the moved visit's previous patient.
    const queued = await sql<{ external_id: string }>`select p.external_id from replan_queue q join patients p on p.id = q.patient_id order by p.external_id`.execute(t.store.db);
    expect(queued.rows.map((r) => r.external_id)).toEqual(['p1', 'p2']);
  });

  it('imports recalls as imported_recalls and contact history as append-only attempts, once', async () => {
    const recalls = csv(['patient_id,recall_type,due_date,interval,disabled', 'p1,Prophy,2026-07-01,6m,no', 'ghost,Prophy,2026-07-01,,']);
    const r1 = await importCsvRecords(importDeps(t.store), { kind: 'recalls', file: 'recalls.csv', source: [recalls] });
    expect(r1.counts).toEqual({ read: 2, inserted: 1, updated: 0, unchanged: 0, rejected: 1 });
    const r2 = await importCsvRecords(importDeps(t.store), { kind: 'recalls', file: 'recalls.csv', source: [recalls.replace('2026-07-01,6m', '2026-08-01,6m')] });
    expect(r2.counts).toEqual({ read: 2, inserted: 0, updated: 1, unchanged: 0, rejected: 1 });
    expect(await t.store.db.selectFrom('imported_recalls').select(['recall_type', 'due_on', 'interval_text', 'external_source']).execute()).toEqual([
      { recall_type: 'Prophy', due_on: '2026-08-01', interval_text: '6m', external_source: 'csv' },
    ]);

    const contacts = csv([
      'patient_id,at,channel,direction,outcome,note',
      'p1,2026-04-01T10:00,voice,out,left_message,',
      'p1,2026-04-01T10:00,voice,out,left_message,',
      'p1,2026-04-02,sms,in,replied,',
      'ghost,2026-04-02,sms,in,,',
    ]);
    const c1 = await importCsvRecords(importDeps(t.store), { kind: 'contacts', file: 'contacts.csv', source: [contacts] });
    expect(c1.counts).toEqual({ read: 4, inserted: 2, updated: 0, unchanged: 1, rejected: 1 });
    const c2 = await importCsvRecords(importDeps(t.store), { kind: 'contacts', file: 'contacts.csv', source: [contacts] });
    expect(c2.counts).toEqual({ read: 4, inserted: 0, updated: 0, unchanged: 3, rejected: 1 });
    const attempts = await sql<{ channel: string; direction: string; actor_kind: string; occurred_at: Date; key: string }>`
      select channel, direction, actor_kind, occurred_at, idempotency_key as key from attempts order by occurred_at`.execute(t.store.db);
    expect(attempts.rows.map((a) => [a.channel, a.direction, a.actor_kind, a.occurred_at.toISOString()])).toEqual([
      ['voice', 'out', 'import', '2026-04-01T15:00:00.000Z'],
      ['sms', 'in', 'import', '2026-04-02T05:00:00.000Z'],
    ]);
    expect(attempts.rows.every((a) => /^import:[0-9a-f]{40}$/.test(a.key))).toBe(true);
  });

  it('closes a run that was interrupted once the same kind and source completes again', async () => {
    const stale = await t.store.db.insertInto('import_runs').values({ kind: 'recalls', format: 'csv', source_name: 'csv' }).returning('id').executeTakeFirstOrThrow();
    const summary = await importCsvRecords(importDeps(t.store), { kind: 'recalls', file: 'recalls.csv', source: [csv(['patient_id,recall_type,due_date', 'p1,Prophy,2026-08-01'])] });
    const run = await t.store.db.selectFrom('import_runs').select(['status', 'failure']).where('id', '=', stale.id).executeTakeFirstOrThrow();
    expect(run).toEqual({ status: 'failed', failure: `interrupted before it finished; import run ${summary.importRunId} of the same kind and source completed after it` });
  });

  it('refuses unknown kinds, presets and source names with what is allowed', async () => {
    const deps = importDeps(t.store);
    await expect(importCsvRecords(deps, { kind: 'pets', file: 'x.csv', source: [''] })).rejects.toThrow('--kind "pets" is not a kind of CSV Recare imports; use one of locations, providers, patients, appointments, procedures, recalls, contacts, schedules');
    await expect(importCsvRecords(deps, { kind: 'patients', preset: 'eaglesoft', file: 'x.csv', source: [''] })).rejects.toThrow('--preset "eaglesoft" is not a known preset; use one of open-dental, dentrix, athenahealth');
    await expect(importCsvRecords(deps, { kind: 'patients', sourceName: 'my source!', file: 'x.csv', source: [''] })).rejects.toThrow('--source "my source!" is not a source name');
    await expect(importCsvRecords(deps, { kind: 'patients', map: ['nonsense'], file: 'x.csv', source: [''] })).rejects.toThrow('"nonsense" is not a mapping; use --map "Source Column=field"');
  });

  it('queues an office\'s patients for re-planning when its time zone changes, and nobody when only its phone does', async () => {
    const deps = importDeps(t.store);
    const offices = (zone: string, phone: string) => csv([
      'location_id,name,time_zone,address1,city,state,zip,phone',
      `L1,Austin Smiles,${zone},1 Main St,Austin,TX,78701,${phone}`,
    ]);
    const queued = async () => (await sql<{ external_id: string; reason: string }>`
      select p.external_id, q.reason from replan_queue q join patients p on p.id = q.patient_id order by p.external_id`.execute(t.store.db)).rows;
    await sql`delete from replan_queue`.execute(t.store.db);
    await importCsvRecords(deps, { kind: 'locations', file: 'locations.csv', source: [offices('America/Chicago', '512-555-0199')] });
    expect(await queued()).toEqual([]);
    await importCsvRecords(deps, { kind: 'locations', file: 'locations.csv', source: [offices('America/Denver', '512-555-0199')] });
    expect(await queued()).toEqual([{ external_id: 'p1', reason: 'office_moved' }]);
  });
});
