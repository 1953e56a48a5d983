/**
 * Extended hours for a remote call team (issue 14, "must show"), on both backends: both offices work
 * until 21:00 on weekdays. At Tue 2026-11-17 20:30 in Tampa (19:30 in Austin) the planner puts both
 * patients' first calls at that very instant, so both are on the worklist; the contact gate still
 * decides per patient (both are reachable by phone only): the Austin (Texas) patient is callable until 21:00 Central, the Florida patient
 * cannot be contacted until Florida's 08:00 the next morning (Florida allows calls until 20:00).
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { defaultOfficeHours, type OfficeHours } from '../../src/domain/locations/location-settings.js';
import { buildWorklist } from '../../src/use-cases/build-worklist.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { updateLocation } from '../../src/use-cases/update-location.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';

const log = pino({ level: 'silent' });
const evening = '2026-11-18T01:30:00.000Z'; // Tue 20:30 EST in Tampa, 19:30 CST in Austin
const wedFloridaMorning = '2026-11-18T13:00:00.000Z'; // Wed 08:00 EST
const remoteTeam: OfficeHours = {
  ...defaultOfficeHours,
  week: Object.fromEntries(Object.entries(defaultOfficeHours.week).map(([k, d]) => [k, d && { ...d, extendedUntil: '21:00' }])) as OfficeHours['week'],
};

describe.each(backends)('an evening with extended hours on %s', (backend) => {
  let t: TestStore;
  const deps = (at: string) => ({ store: t.store, clock: fixedClock(at), log });

  beforeAll(async () => {
    t = await openTestStore(backend);
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    const aus = await seedLocation(t.store, 'AUS', 'TX', 'America/Chicago');
    for (const [externalId, locationId, state, zip, mobile] of [['FL-1', tpa, 'FL', '33606', '+18135550101'], ['TX-1', aus, 'TX', '78701', '+15125550101']] as const) {
      const p = await seedPatient(t.store, { externalId, locationId, state, zip, mobile });
      // Phone only: the question is the evening call (an email would be allowed until 21:00 anywhere).
      await t.store.db.deleteFrom('consents').where('contact_point_id', '=', p.emailId).execute();
      await t.store.db.deleteFrom('contact_points').where('id', '=', p.emailId).execute();
      await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10' }).execute();
    }
    for (const externalId of ['TPA', 'AUS']) {
      const updated = await updateLocation(deps(evening), {
        location: { externalId }, change: { hours: remoteTeam }, scope: { allLocations: true, locationIds: [] }, actor: { userId: null, kind: 'cli' }, remoteAddress: null,
      });
      expect(updated.changed).toEqual(['hours']);
    }
    await planPatients(deps(evening), { full: true });
  });
  afterAll(async () => t?.dispose());

  it('both calls are planned for now, inside the remote team\'s hours', async () => {
    const cases = await t.store.db.selectFrom('cases').select(['next_action_at', 'next_channel']).execute();
    expect(cases.map((c) => [c.next_action_at?.toISOString(), c.next_channel])).toEqual([[evening, 'voice'], [evening, 'voice']]);
  });

  it('at 20:30 Tampa time the Austin patient is callable now and the Florida patient cannot be contacted until 08:00', async () => {
    const list = await buildWorklist(deps(evening));
    const row = (id: string) => list.rows.find((r) => r.patientId === id);
    expect(list.rows.map((r) => r.patientId).sort()).toEqual(['FL-1', 'TX-1']);
    expect(row('TX-1')).toMatchObject({ contactableNow: true, nextContactAt: null, gate: '' });
    expect(row('FL-1')).toMatchObject({ contactableNow: false, nextContactAt: wedFloridaMorning });
    expect(row('FL-1')?.gate).toBe('No channel is allowed now. voice: Blocked: 20:30 in America/New_York is after Florida\'s 20:00 limit '
      + '(Fla. Stat. 501.616(6)(a)-(b); 501.604; 501.059 (SB 1120, ch. 2021-185; HB 761 (2023))). Next allowed: Wed 08:00 EST.');
  });

  it('the Texas patient stays callable until 21:00 Central and not a minute later', async () => {
    const at2059 = await buildWorklist(deps('2026-11-18T02:59:00.000Z'));
    expect(at2059.rows.find((r) => r.patientId === 'TX-1')).toMatchObject({ contactableNow: true });
    const at2100 = await buildWorklist(deps('2026-11-18T03:00:00.000Z'));
    const tx = at2100.rows.find((r) => r.patientId === 'TX-1');
    expect(tx).toMatchObject({ contactableNow: false });
    expect(tx?.gate).toMatch(/^No channel is allowed now\. voice: Blocked: 21:00 in America\/Chicago is after the federal 21:00 limit .*Next allowed: Wed 09:00 CST\.$/);
  });
});
