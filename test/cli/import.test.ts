import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { openStore } from '../../src/db/open-store.js';
import { captureIo } from '../helpers/capture-io.js';
import { createDataDir } from '../helpers/databases.js';

const bin = join(import.meta.dirname, '../../bin/recare.js');
const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

describe('recare import and export on the embedded database', () => {
  const data = createDataDir();
  afterAll(() => data.remove());
  const cli = async (args: string[]) => {
    const io = captureIo();
    const code = await runCli([...args, '--data', data.dir], io);
    return { code, out: io.out(), err: io.err() };
  };

  it('imports the messy CSV: summary line, every problem, and an --errors file that round-trips', async () => {
    const errors = join(data.dir, 'rejected.csv');
    const result = await cli(['import', 'csv', fixture('handmade/patients-messy.csv'), '--kind', 'patients', '--errors', errors]);
    expect(result.code).toBe(0);
    const lines = result.out.trim().split('\n');
    expect(lines[0]).toMatch(/^Imported: 10 read, 5 inserted, 0 updated, 0 unchanged, 5 rejected \(import run \d+, source csv, [\d.]+ s, [\d,]+ rows\/s\)\.$/);
    expect(lines.slice(1, 12)).toEqual([
      '  warning: patients-messy.csv line 1, column "emial": is not a patients column, so it was ignored; did you mean "email"? (rename it or pass --map "emial=email")',
      '  warning: patients-messy.csv line 3, column "birth_date": "1990-02-30" is not a real calendar date; use YYYY-MM-DD, e.g. 1984-03-21; the value was ignored',
      '  warning: patients-messy.csv line 3, column "email": "ben@example" is not a valid email address; use e.g. jane.doe@example.com; kept but flagged invalid',
      '  error: patients-messy.csv line 4, column "status": "zombie" is not one of active, inactive, deceased, archived; the row was not imported',
      '  warning: patients-messy.csv line 4, column "birth_date": "03/04/1975" is not a date; use YYYY-MM-DD, e.g. 1984-03-21; the value was ignored',
      '  warning: patients-messy.csv line 5, column "mobile_phone": "555-01" is too short for a phone number; use e.g. +15551234567; kept but flagged invalid',
      '  warning: patients-messy.csv line 5, column "sms_consent": "maybe" is not yes or no; use yes, no or leave it blank; the value was ignored',
      '  error: patients-messy.csv line 6, column "patient_id": "p1" appears again (first on line 2); ids must be unique in a file, so this row was not imported',
      '  error: patients-messy.csv line 7, column "first_name": is empty; first_name is required',
      '  error: patients-messy.csv line 11: the row has 4 of the header\'s 9 columns; it looks truncated or a delimiter is missing, so it was not imported',
      '  error: patients-messy.csv line 12: a quoted field is never closed; the file looks truncated or a quote is missing, so this row was not imported',
    ]);
    expect(lines.at(-1)).toBe(`Rejected rows, with a reason column, written to ${errors}: fix them and import that file again.`);
    expect(result.err).toMatch(/import patients \|.*\| 100% \| 10 rows \| [\d,]+ rows\/s/);

    const rejected = readFileSync(errors, 'utf8');
    expect(rejected.split('\n')[0]).toBe('patient_id,first_name,Last Name,birth_date,status,mobile_phone,emial,email,sms_consent,reason');
    expect(rejected).toContain('p3,Cara,Nguyen,03/04/1975,zombie,8605555555,,,,"status: ""zombie"" is not one of active, inactive, deceased, archived; the row was not imported"\n');
    expect(rejected).toContain('p5,,Smith,2001-01-01,,2125551234,,,,"first_name: is empty; first_name is required"\n');
    expect(rejected).toContain('p8,Gus,Lee,2002-02-02,,,,,,"the row has 4 of the header\'s 9 columns; it looks truncated or a delimiter is missing, so it was not imported"\n');
    expect(rejected.trim().split('\n')).toHaveLength(5);

    // The office fixes two rows, deletes the duplicate and imports the file: the fixed rows go in, the rest are reported again.
    const fixed = rejected.replace('zombie,8605555555', 'active,8605555555').replace('p5,,Smith', 'p5,Pat,Smith').split('\n').filter((l) => !l.startsWith('p1,')).join('\n');
    const fixedFile = join(data.dir, 'fixed.csv');
    writeFileSync(fixedFile, fixed);
    const again = await cli(['import', 'csv', fixedFile, '--kind', 'patients', '--json']);
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.out);
    // The truncated row comes back padded with empty cells, so it now reads as a whole row (its reason said what was wrong).
    expect(summary.counts).toEqual({ read: 3, inserted: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(summary.problems.map((p: { line: number; column: string }) => `${p.line} ${p.column}`)).toEqual(['1 emial', '1 reason', '2 birth_date']);
  });

  it('re-importing is a no-op, and --dry-run reports without writing', async () => {
    const again = await cli(['import', 'csv', fixture('handmade/patients-messy.csv'), '--kind', 'patients', '--json']);
    expect(JSON.parse(again.out).counts).toEqual({ read: 10, inserted: 0, updated: 0, unchanged: 5, rejected: 5 });
    const dry = await cli(['import', 'csv', fixture('handmade/open-dental-patients.csv'), '--kind', 'patients', '--preset', 'open-dental', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^Dry run \(nothing was changed\): \d+ read, [1-9]\d* inserted, 0 updated, 0 unchanged, \d+ rejected \(import run \d+, source open-dental,/);
    const stats = captureIo();
    await runCli(['stats', '--json', '--data', data.dir], stats);
    expect(JSON.parse(stats.out()).counts.patients).toBe(8);
  });

  it('imports a FHIR directory and reports skipped resources and the programs procedures feed', async () => {
    const result = await cli(['import', 'fhir', fixture('synthea-qicore'), '--source', 'synthea']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Imported: 24 read, 24 inserted, 0 updated, 0 unchanged, 0 rejected/);
    expect(result.out).toContain('Not imported (Recare has no use for them): Condition 1, Observation 1, Organization 2.');
    expect(result.out).toContain('Procedures that feed recall programs: periodic_exam 2, hygiene 2.');
  });

  it('explains bad arguments with what was given and what is allowed', async () => {
    const kind = await cli(['import', 'csv', fixture('handmade/patients-messy.csv'), '--kind', 'pets']);
    expect(kind.code).toBe(2);
    expect(kind.err).toBe('recare: --kind "pets" is not allowed; use one of locations, providers, patients, appointments, procedures, recalls, contacts, schedules\n');
    const missing = await cli(['import', 'csv', join(data.dir, 'nope.csv'), '--kind', 'patients']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.csv" does not exist; give the path of the export file');
    const preset = await cli(['import', 'csv', fixture('handmade/patients-messy.csv'), '--kind', 'contacts', '--preset', 'dentrix']);
    expect(preset.code).toBe(2);
    expect(preset.err).toMatch(/^recare: The dentrix preset has no contacts table; it maps .*\. Leave out --preset for a canonical file\.\n$/);
    const format = await cli(['export', 'outcomes', '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.err).toBe('recare: --format "xml" is not allowed; use one of csv, fhir\n');
  });

  it('exports imported contact history as CSV and as FHIR Communications, with a Task for a future callback', async () => {
    const contacts = join(data.dir, 'contacts.csv');
    writeFileSync(contacts, 'patient_id,at,channel,direction,outcome,note\np1,2026-04-01T10:00-05:00,voice,out,left_message,\np7,2026-04-02T09:00-05:00,sms,in,replied,"Yes, Tuesday"\n');
    expect((await cli(['import', 'csv', contacts, '--kind', 'contacts'])).code).toBe(0);
    const store = await openStore({ kind: 'pglite', dataDir: data.dir }, { command: 'test' });
    try {
      const p1 = await store.db.selectFrom('patients').select('id').where('external_id', '=', 'p1').executeTakeFirstOrThrow();
      await store.db.insertInto('attempts').values({ patient_id: p1.id, channel: 'voice', actor_kind: 'staff', outcome: 'callback_requested', callback_at: '2099-01-05T15:00:00Z', occurred_at: '2026-04-03T15:00:00Z' }).execute();
    } finally {
      await store.close();
    }
    const csvOut = await cli(['export', 'outcomes', '--format', 'csv', '--since', '2026-04-01T16:00:00Z']);
    expect(csvOut.code).toBe(0);
    const rows = csvOut.out.trim().split('\n');
    expect(rows[0]).toBe('attempt_id,occurred_at,patient_source,patient_id,channel,direction,actor,purpose,programs,outcome,reason,delivery_status,callback_at,template,note');
    expect(rows.slice(1).map((r) => r.split(',').slice(1, 7).join(','))).toEqual([
      '2026-04-02T14:00:00.000Z,csv,p7,sms,in,import',
      '2026-04-03T15:00:00.000Z,csv,p1,voice,out,staff',
    ]);
    expect(rows[1]).toMatch(/,replied,,,,,"Yes, Tuesday"$/);

    const out = join(data.dir, 'outcomes.ndjson');
    expect((await cli(['export', 'outcomes', '--format', 'fhir', '--out', out])).code).toBe(0);
    const resources = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(resources.map((r) => r.resourceType)).toEqual(['Communication', 'Communication', 'Communication', 'Task']);
    expect(resources[0]).toMatchObject({ status: 'completed', subject: { identifier: { system: 'urn:recare:source:csv', value: 'p1' } }, sent: '2026-04-01T15:00:00.000Z', medium: [{ coding: [{ code: 'PHONE' }] }] });
    expect(resources[1]).toMatchObject({ received: '2026-04-02T14:00:00.000Z', medium: [{ coding: [{ code: 'SMSWRIT' }] }], note: [{ text: 'Yes, Tuesday' }] });
    expect(resources[3]).toMatchObject({ resourceType: 'Task', status: 'requested', intent: 'order', executionPeriod: { start: '2099-01-05T15:00:00.000Z' }, focus: { reference: `Communication/${resources[2].id}` } });

    const bundle = await cli(['export', 'outcomes', '--format', 'fhir', '--bundle']);
    const parsed = JSON.parse(bundle.out);
    expect(parsed).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(parsed.entry).toHaveLength(4);
  });
});

describe('a killed import (kill -9) leaves a consistent store that a re-run completes', () => {
  const data = createDataDir();
  afterAll(() => data.remove());
  const patients = 30_000;

  function writePatients(): string {
    const lines = ['patient_id,first_name,last_name,birth_date,mobile_phone,email,sms_consent,guarantor_id'];
    for (let i = 0; i < patients; i += 1) {
      const phone = `+1512${String(2000000 + i).padStart(7, '0')}`;
      lines.push(`k${i},First${i},Last${i},1980-01-01,${phone},k${i}@example.com,yes,k${i - (i % 3)}`);
    }
    const file = join(data.dir, 'patients.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }

  function runImport(file: string, killWhenStarted: boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, 'import', 'csv', file, '--kind', 'patients', '--data', data.dir], { env: { ...process.env, LOG_LEVEL: 'debug', DATABASE_URL: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      let timer: NodeJS.Timeout | undefined;
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // Once the first batch has committed (the run row exists and holds figures), kill -9 in the middle of the next ones.
        if (killWhenStarted && timer === undefined && stderr.includes('"msg":"import batch committed"')) timer = setTimeout(() => child.kill('SIGKILL'), 50);
      });
      if (killWhenStarted) setTimeout(() => child.kill('SIGKILL'), 60_000).unref();
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        if (timer) clearTimeout(timer);
        resolve({ code, signal, stderr });
      });
    });
  }

  async function inspect() {
    const store = await openStore({ kind: 'pglite', dataDir: data.dir }, { command: 'test' });
    try {
      const q = async <T>(text: string) => (await sql.raw<T>(text).execute(store.db)).rows;
      const [counts] = await q<{ patients: number; points: number; consents: number }>(
        'select (select count(*)::int from patients) as patients, (select count(*)::int from contact_points) as points, (select count(*)::int from consents) as consents');
      const incomplete = await q<{ n: number }>(`select count(*)::int as n from patients p
        where (select count(*) from contact_points c where c.patient_id = p.id) <> 2
           or not exists (select 1 from consents k join contact_points c on c.id = k.contact_point_id where c.patient_id = p.id and k.channel = 'sms')`);
      const orphans = await q<{ n: number }>('select count(*)::int as n from appointments a left join patients p on p.id = a.patient_id where p.id is null');
      const runs = await q<{ status: string; rows_inserted: number; failure: string | null }>('select status, rows_inserted, failure from import_runs order by id');
      return { counts: counts!, incomplete: incomplete[0]!.n, orphans: orphans[0]!.n, runs };
    } finally {
      await store.close();
    }
  }

  it('never leaves a patient without the contact points the file gave it, and re-running completes the import', async () => {
    const file = writePatients();
    const killed = await runImport(file, true);
    const afterKill = await inspect();
    expect(afterKill.incomplete).toBe(0);
    expect(afterKill.orphans).toBe(0);
    expect(afterKill.counts.points).toBe(afterKill.counts.patients * 2);
    // Killed mid-import: whole batches only, and the run's figures match what landed.
    expect(killed.signal).toBe('SIGKILL');
    expect(afterKill.runs).toHaveLength(1);
    expect(afterKill.runs[0]).toMatchObject({ status: 'running', rows_inserted: afterKill.counts.patients });
    expect(afterKill.counts.patients % 5000).toBe(0);
    expect(afterKill.counts.patients).toBeGreaterThanOrEqual(5000);
    expect(afterKill.counts.patients).toBeLessThan(patients);

    const rerun = await runImport(file, false);
    expect(rerun.code).toBe(0);
    const final = await inspect();
    expect(final.counts).toEqual({ patients, points: patients * 2, consents: patients });
    expect(final.incomplete).toBe(0);
    expect(final.runs.at(-1)).toMatchObject({ status: 'completed', rows_inserted: patients - afterKill.counts.patients });
    expect(final.runs[0]).toMatchObject({ status: 'failed', failure: expect.stringMatching(/^interrupted before it finished; import run \d+ of the same kind and source completed after it$/) });
    const store = await openStore({ kind: 'pglite', dataDir: data.dir }, { command: 'test' });
    try {
      const unlinked = await sql<{ n: number }>`select count(*)::int as n from patients where guarantor_id is null`.execute(store.db);
      expect(unlinked.rows[0]?.n).toBe(0);
    } finally {
      await store.close();
    }
  }, 180_000);
});
