import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem, readFhirPath } from '../../src/importers/index.js';
import { importFhirRecords } from '../../src/use-cases/import-fhir.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { count, importDeps, snapshot } from './import-helpers.js';

const fixtures = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

describe.each(backends)('FHIR import of the Synthea slices on %s', (backend) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(backend);
  });
  afterAll(async () => t.dispose());

  it('imports the QI-Core bundles: offices, practitioners, the patient, visits and dental procedures mapped to programs', async () => {
    const summary = await importFhirRecords(importDeps(t.store), { events: readFhirPath(fixtures('synthea-qicore')), sourceName: 'synthea' });
    expect(summary.byKind).toEqual({
      locations: { read: 2, inserted: 2, updated: 0, unchanged: 0, rejected: 0 },
      providers: { read: 2, inserted: 2, updated: 0, unchanged: 0, rejected: 0 },
      patients: { read: 1, inserted: 1, updated: 0, unchanged: 0, rejected: 0 },
      appointments: { read: 2, inserted: 2, updated: 0, unchanged: 0, rejected: 0 },
      procedures: { read: 17, inserted: 17, updated: 0, unchanged: 0, rejected: 0 },
    });
    expect(summary.skipped).toEqual({ Condition: 1, Observation: 1, Organization: 2 });
    expect(summary.programs).toEqual({ periodic_exam: 2, hygiene: 2 });
    expect(await count(t.store, 'patients', "external_source = 'synthea'")).toBe(1);
    expect(await count(t.store, 'appointments')).toBe(2);
    expect(await count(t.store, 'procedures', "code_system = 'SNOMED'")).toBe(17);
    // Every procedure hangs off its visit, and every visit's office resolved.
    expect(await count(t.store, 'procedures', 'appointment_id is null')).toBe(0);
    expect(await count(t.store, 'appointments', 'location_id is null')).toBe(0);
    expect(summary.problems.map(formatProblem)).toEqual([
      '243a6f9d-3a82-8e87-3adf-5b1a447a6f30.json, column "Bundle.entry[0].resource.telecom[0].value": "555-728-5981" is not a valid US phone number (no such area code or exchange); use e.g. +15551234567; kept but flagged invalid',
    ]);
  });

  it('re-importing the bundles changes nothing', async () => {
    const before = await snapshot(t.store);
    const summary = await importFhirRecords(importDeps(t.store), { events: readFhirPath(fixtures('synthea-qicore')), sourceName: 'synthea' });
    expect(summary.counts).toEqual({ read: 24, inserted: 0, updated: 0, unchanged: 24, rejected: 0 });
    expect(await snapshot(t.store)).toEqual(before);
  });

  it('imports the bulk NDJSON export and the SMART bundle (state names become codes)', async () => {
    const bulk = await importFhirRecords(importDeps(t.store), { events: readFhirPath(fixtures('synthea-bulk-ndjson')), sourceName: 'bulk' });
    expect(bulk.counts).toEqual({ read: 30, inserted: 30, updated: 0, unchanged: 0, rejected: 0 });
    expect(bulk.byKind.patients?.inserted).toBe(2);
    expect(bulk.byKind.appointments?.inserted).toBe(6);
    expect(bulk.byKind.procedures?.inserted).toBe(12);
    expect(bulk.problems.map(formatProblem)).toContain('log.ndjson: is a bulk-export log, not resources; skipped');

    const smart = await importFhirRecords(importDeps(t.store), { events: readFhirPath(fixtures('synthea-smart-2019')), sourceName: 'smart' });
    expect(smart.byKind.patients).toEqual({ read: 1, inserted: 1, updated: 0, unchanged: 0, rejected: 0 });
    const jonah = await sql<{ state: string; status: string }>`select state, status from patients where external_source = 'smart'`.execute(t.store.db);
    expect(jonah.rows).toEqual([{ state: 'MA', status: 'deceased' }]);
  });

  it('a dry run of a new source writes nothing but the run record', async () => {
    const before = await snapshot(t.store);
    const summary = await importFhirRecords(importDeps(t.store), { events: readFhirPath(fixtures('synthea-qicore')), sourceName: 'other', dryRun: true });
    expect(summary.counts.inserted).toBe(24);
    expect(await snapshot(t.store)).toEqual(before);
    expect(await count(t.store, 'import_runs', `id = ${summary.importRunId} and dry_run and format = 'fhir'`)).toBe(1);
  });
});
