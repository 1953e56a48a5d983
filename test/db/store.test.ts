import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { openStore } from '../../src/db/open-store.js';
import { currentSchemaVersion, latestSchemaVersion } from '../../src/db/migrate.js';

describe.each(backends)('store on %s', (backend) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(backend);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('applies every migration at open', async () => {
    expect(await currentSchemaVersion(t.store.db)).toBe(latestSchemaVersion);
    expect(t.store.backend).toBe(backend);
  });

  it('keeps calendar dates as YYYY-MM-DD strings and int8 as numbers', async () => {
    const row = await sql<{ d: unknown; n: unknown; ts: unknown }>`select '2026-03-08'::date as d, 9007199254740991::int8 as n, '2026-03-08T07:30:00Z'::timestamptz as ts`.execute(t.store.db);
    expect(row.rows[0]).toEqual({ d: '2026-03-08', n: 9007199254740991, ts: new Date('2026-03-08T07:30:00Z') });
  });

  it('loads rows with COPY, keeping NULL, empty strings, quotes, arrays and newlines apart', async () => {
    await t.store.copy([
      { table: 'locations', columns: ['id', 'external_id', 'name', 'time_zone', 'state', 'address1'], rows: [[1, 'L1', 'Main "North", Office', 'America/Chicago', 'TX', null]] },
      {
        table: 'patients',
        columns: ['id', 'external_id', 'first_name', 'last_name', 'preferred_name', 'birth_date', 'home_location_id'],
        rows: [
          [1, 'P1', 'Ana', "O'Neil", '', '1980-02-29', 1],
          [2, 'P2', 'José', 'Line\nBreak', null, null, 1],
        ],
      },
      { table: 'appointments', columns: ['external_id', 'patient_id', 'starts_at', 'status', 'procedure_codes'], rows: [['A1', 1, new Date('2026-12-01T15:00:00Z'), 'scheduled', ['D1110', 'D0120']]] },
    ]);
    const patients = await t.store.db.selectFrom('patients').select(['external_id', 'last_name', 'preferred_name', 'birth_date']).orderBy('id').execute();
    expect(patients).toEqual([
      { external_id: 'P1', last_name: "O'Neil", preferred_name: '', birth_date: '1980-02-29' },
      { external_id: 'P2', last_name: 'Line\nBreak', preferred_name: null, birth_date: null },
    ]);
    const location = await t.store.db.selectFrom('locations').select('name').executeTakeFirstOrThrow();
    expect(location.name).toBe('Main "North", Office');
    const appointment = await t.store.db.selectFrom('appointments').select(['procedure_codes', 'starts_at']).executeTakeFirstOrThrow();
    expect(appointment).toEqual({ procedure_codes: ['D1110', 'D0120'], starts_at: new Date('2026-12-01T15:00:00Z') });
  });

  it('loads a COPY batch whole or not at all', async () => {
    const before = await t.store.db.selectFrom('patients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await expect(
      t.store.copy([
        { table: 'patients', columns: ['id', 'external_id', 'first_name', 'last_name'], rows: [[10, 'P10', 'A', 'B']] },
        { table: 'patients', columns: ['id', 'external_id', 'first_name', 'last_name', 'status'], rows: [[11, 'P11', 'C', 'D', 'sleeping']] },
      ]),
    ).rejects.toThrow(/patients_status_check|check constraint/);
    const after = await t.store.db.selectFrom('patients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('rejects values outside an enumeration with the constraint named', async () => {
    await expect(
      t.store.db.insertInto('patients').values({ external_id: 'X', first_name: 'A', last_name: 'B', status: 'sleeping' as never }).execute(),
    ).rejects.toThrow(/patients_status_check/);
  });

  it('keeps one open case per patient in the database itself', async () => {
    await t.store.db.insertInto('cases').values({ patient_id: 1 }).execute();
    await expect(t.store.db.insertInto('cases').values({ patient_id: 1 }).execute()).rejects.toThrow(/cases_one_open_per_patient/);
  });

  it('refuses to change or delete append-only audit rows', async () => {
    const { id } = await t.store.db.insertInto('audit_events').values({ action: 'patient.view', entity_type: 'patient', entity_id: '1', details: '{}' }).returning('id').executeTakeFirstOrThrow();
    await expect(t.store.db.updateTable('audit_events').set({ action: 'edited' }).where('id', '=', id).execute()).rejects.toThrow(/append-only/);
    await expect(t.store.db.deleteFrom('audit_events').where('id', '=', id).execute()).rejects.toThrow(/append-only/);
    const row = await t.store.db.selectFrom('audit_events').select('action').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.action).toBe('patient.view');
  });

  it('runs concurrent transactions without losing writes', async () => {
    const writers = Array.from({ length: 20 }, (_, i) =>
      t.store.db.transaction().execute(async (tx) => {
        await tx.insertInto('import_runs').values({ kind: 'patients', format: 'csv', source_name: `f${i}.csv` }).execute();
        await tx.insertInto('import_runs').values({ kind: 'patients', format: 'csv', source_name: `g${i}.csv` }).execute();
      }),
    );
    const failing = t.store.db.transaction().execute(async (tx) => {
      await tx.insertInto('import_runs').values({ kind: 'patients', format: 'csv', source_name: 'rolled-back.csv' }).execute();
      throw new Error('abort this one');
    });
    await Promise.all([...writers, failing.catch(() => undefined)]);
    const names = await t.store.db.selectFrom('import_runs').select('source_name').execute();
    expect(names).toHaveLength(40);
    expect(names.map((n) => n.source_name)).not.toContain('rolled-back.csv');
  });

  it('runs COPY and queries in one transaction: both land, or on failure neither does', async () => {
    const count = async () => Number((await t.store.db.selectFrom('providers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    await t.store.transaction(async (tx) => {
      await tx.copy([{ table: 'providers', columns: ['external_id', 'name'], rows: [['PR-A', 'Dr. A']] }]);
      await tx.db.insertInto('providers').values({ external_id: 'PR-B', name: 'Dr. B' }).execute();
      const seen = await tx.db.selectFrom('providers').select('external_id').where('external_id', 'in', ['PR-A', 'PR-B']).execute();
      expect(seen).toHaveLength(2);
    });
    expect(await count()).toBe(before + 2);
    await expect(
      t.store.transaction(async (tx) => {
        await tx.copy([{ table: 'providers', columns: ['external_id', 'name'], rows: [['PR-C', 'Dr. C']] }]);
        await tx.db.insertInto('providers').values({ external_id: 'PR-A', name: 'duplicate' }).execute();
      }),
    ).rejects.toThrow(/providers_external_source_external_id_key|duplicate key/);
    expect(await count()).toBe(before + 2);
    // The single embedded connection is free again after a failed transaction.
    await t.store.db.insertInto('providers').values({ external_id: 'PR-D', name: 'Dr. D' }).execute();
    expect(await count()).toBe(before + 3);
  });

  it('survives a close and reopen with the data intact', async () => {
    await t.store.close();
    t.store = await openStore(t.target, { command: 'test' });
    const row = await t.store.db.selectFrom('patients').select('first_name').where('external_id', '=', 'P2').executeTakeFirstOrThrow();
    expect(row.first_name).toBe('José');
  });
});
