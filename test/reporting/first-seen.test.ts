/**
 * What the report reads is written by the use cases with their own clock: when an appointment was
 * first seen (set by the import that first carries it, never changed by a later one), when a number
 * was marked wrong (and cleared when that outcome is undone), when an escalation was raised.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { addUser } from '../../src/use-cases/manage-users.js';
import { importCsvRecords } from '../../src/use-cases/import-csv.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { recordOutcome } from '../../src/use-cases/record-outcome.js';
import { undoOutcome } from '../../src/use-cases/undo-outcome.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';

const log = pino({ level: 'silent' });
const deps = (t: TestStore, at: string) => ({ store: t.store, clock: fixedClock(at), log });
const csv = (lines: string[]) => `${lines.join('\n')}\n`;

describe.each(backends)('first seen and marked-at instants on %s', (backend) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(backend);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('stamps an appointment with the clock of the import that first carries it, and no later import changes it', async () => {
    await importCsvRecords(deps(t, '2026-11-01T12:00:00Z'), { kind: 'locations', file: 'locations.csv', source: [csv(['location_id,name,time_zone,state', 'L1,Austin,America/Chicago,TX'])] });
    await importCsvRecords(deps(t, '2026-11-01T12:00:00Z'), { kind: 'patients', file: 'patients.csv', source: [csv(['patient_id,first_name,last_name,state,zip', 'p1,Ana,One,TX,78701'])] });
    const header = 'appointment_id,patient_id,start,status,location';
    await importCsvRecords(deps(t, '2026-11-02T09:00:00Z'), { kind: 'appointments', file: 'appointments.csv', source: [csv([header, 'a1,p1,2026-11-20T09:30,scheduled,L1'])] });
    const second = await importCsvRecords(deps(t, '2026-11-09T09:00:00Z'), { kind: 'appointments', file: 'appointments.csv', source: [csv([header, 'a1,p1,2026-11-21T10:00,confirmed,L1', 'a2,p1,2026-12-20T09:30,scheduled,L1'])] });
    expect(second.counts).toMatchObject({ inserted: 1, updated: 1 });
    const rows = await t.store.db.selectFrom('appointments').select(['external_id', 'first_seen_at', 'status']).orderBy('external_id').execute();
    expect(rows.map((r) => [r.external_id, r.status, new Date(r.first_seen_at).toISOString()])).toEqual([
      ['a1', 'confirmed', '2026-11-02T09:00:00.000Z'],
      ['a2', 'scheduled', '2026-11-09T09:00:00.000Z'],
    ]);
  });

  it('stamps a wrong number and an escalation with the outcome\'s clock, and an undo clears the number\'s stamp', async () => {
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    const wrong = await seedPatient(t.store, { externalId: 'W-1', locationId: tpa, state: 'FL', zip: '33606', mobile: '+18132345611' });
    const asks = await seedPatient(t.store, { externalId: 'W-2', locationId: tpa, state: 'FL', zip: '33606', mobile: '+18132345612' });
    for (const p of [wrong, asks]) await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-04-10' }).execute();
    await planPatients(deps(t, '2026-11-24T14:00:00Z'), { full: true });
    const userId = (await addUser(deps(t, '2026-11-24T14:00:00Z'), { email: 'dana@tampa.example', displayName: 'Dana', role: 'front_desk', locations: ['TPA'], password: 'sunrise-first-seen-2026', actor: { userId: null, kind: 'cli' } })).userId;

    const marked = await recordOutcome(deps(t, '2026-11-24T15:00:00Z'), { patient: 'W-1', outcome: 'Wrong number', actorUserId: userId });
    const point = () => t.store.db.selectFrom('contact_points').select(['is_valid', 'invalid_at']).where('id', '=', wrong.mobileId).executeTakeFirstOrThrow();
    expect(await point()).toEqual({ is_valid: false, invalid_at: new Date('2026-11-24T15:00:00Z') });
    await undoOutcome(deps(t, '2026-11-24T15:00:05Z'), { attemptId: marked.attemptId, actorUserId: userId });
    expect(await point()).toEqual({ is_valid: true, invalid_at: null });

    await recordOutcome(deps(t, '2026-11-24T16:00:00Z'), { patient: 'W-2', outcome: 'Needs clinical question answered', actorUserId: userId });
    const escalation = await t.store.db.selectFrom('escalations').select(['queue', 'created_at']).where('patient_id', '=', asks.patientId).executeTakeFirstOrThrow();
    expect(escalation).toEqual({ queue: 'clinical', created_at: new Date('2026-11-24T16:00:00Z') });
  });
});
