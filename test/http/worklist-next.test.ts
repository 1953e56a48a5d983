/**
 * After hours and ahead of time, on both backends: with nothing actionable now, the worklist says
 * what is next — the first instant a case in the viewer's scope comes due, and per office how many
 * come due that office day — and ?preview= shows that list read-only. Weekends and holidays point to
 * the next business morning. "Now" is pinned: Tue 2026-11-17 20:30 in Tampa.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { buildTestServer } from '../helpers/test-server.js';
import { buildWorklist } from '../../src/use-cases/build-worklist.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';

const log = pino({ level: 'silent' });
const password = 'sunrise-next-routes-2026';
const evening = '2026-11-18T01:30:00.000Z'; // Tue 20:30 in Tampa (EST), 19:30 in Austin
const wedOpenTampa = '2026-11-18T13:00:00.000Z'; // Wed 08:00 EST
const wedAfternoonTampa = '2026-11-18T20:00:00.000Z'; // Wed 15:00 EST
const thuOpenTampa = '2026-11-19T13:00:00.000Z';
const wedOpenAustin = '2026-11-18T14:00:00.000Z'; // Wed 08:00 CST

describe.each(backends)('what is next on the worklist on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  const sessions: Record<string, StaffSession> = {};
  const caseOf: Record<string, number> = {};
  const as = (who: string, options: InjectOptions) =>
    server.inject({ ...options, cookies: { recare_session: sessions[who]!.token }, headers: { ...(options.headers ?? {}), 'x-csrf-token': sessions[who]!.csrf } });
  const plan = async (at: Record<string, string>) => {
    for (const [externalId, when] of Object.entries(at)) {
      await t.store.db.updateTable('cases').set({ next_action_at: new Date(when) }).where('id', '=', caseOf[externalId]!).execute();
    }
  };

  beforeAll(async () => {
    t = await openTestStore(backend);
    const deps = { store: t.store, clock: fixedClock('2026-11-17T15:00:00.000Z'), log };
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    const aus = await seedLocation(t.store, 'AUS', 'TX', 'America/Chicago');
    await t.store.db.updateTable('locations').set({ city: 'Tampa' }).where('id', '=', tpa).execute();
    await t.store.db.updateTable('locations').set({ city: 'Austin' }).where('id', '=', aus).execute();
    const people = [['FL-1', tpa, 'FL', '33606'], ['FL-2', tpa, 'FL', '33606'], ['FL-3', tpa, 'FL', '33606'], ['FL-4', tpa, 'FL', '33606'], ['FL-5', tpa, 'FL', '33606'],
      ['TX-1', aus, 'TX', '78701'], ['TX-2', aus, 'TX', '78701']] as const;
    let n = 100;
    for (const [externalId, locationId, state, zip] of people) {
      const p = await seedPatient(t.store, { externalId, locationId, state, zip, mobile: `+1813555${n++}` });
      await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10' }).execute();
    }
    await planPatients(deps, { full: true });
    for (const c of await t.store.db.selectFrom('cases').innerJoin('patients', 'patients.id', 'cases.patient_id').select(['cases.id', 'patients.external_id']).execute()) {
      caseOf[c.external_id] = c.id;
    }
    expect(Object.keys(caseOf).sort()).toEqual(people.map((p) => p[0]).sort());
    await plan({ 'FL-1': wedOpenTampa, 'FL-2': wedOpenTampa, 'FL-3': wedOpenTampa, 'FL-4': wedAfternoonTampa, 'FL-5': thuOpenTampa, 'TX-1': wedOpenAustin, 'TX-2': wedOpenAustin });
    const eveningDeps = { ...deps, clock: fixedClock(evening) };
    Object.assign(sessions, await signInStaff(eveningDeps, [['desk', 'front_desk', ['TPA']], ['boss', 'manager', 'all']], password));
    server = await buildTestServer(eveningDeps);
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('at 20:30 on a weekday the desk\'s list is empty and says the next morning\'s opening and how many cases come due that day', async () => {
    const response = await as('desk', { method: 'GET', url: '/api/worklist' });
    expect(response.statusCode, response.body).toBe(200);
    const list = response.json();
    expect(list.rows).toEqual([]);
    expect(list.counts.total).toBe(0);
    expect(list.preview).toBeNull();
    expect(list.next).toMatchObject({ at: wedOpenTampa, total: 4, sentence: 'Next: 4 cases from Wed 08:00 (Tampa)' });
    expect(list.next.parts).toEqual([{ location: 'TPA', name: 'Tampa', timeZone: 'America/New_York', from: wedOpenTampa, until: '2026-11-19T05:00:00.000Z', count: 4 }]);
  });

  it('a case a colleague has claimed, or another person\'s callback, is not counted for the desk', async () => {
    await t.store.db.updateTable('cases').set({ claimed_by: sessions.boss!.id, claimed_at: new Date(evening) }).where('id', '=', caseOf['FL-2']!).execute();
    await t.store.db.updateTable('cases').set({ owner_user_id: sessions.boss!.id }).where('id', '=', caseOf['FL-3']!).execute();
    try {
      const list = (await as('desk', { method: 'GET', url: '/api/worklist' })).json();
      expect(list.next).toMatchObject({ at: wedOpenTampa, total: 2, sentence: 'Next: 2 cases from Wed 08:00 (Tampa)' });
    } finally {
      await t.store.db.updateTable('cases').set({ claimed_by: null, claimed_at: null, owner_user_id: null }).where('id', 'in', [caseOf['FL-2']!, caseOf['FL-3']!]).execute();
    }
  });

  it('a manager over every office hears each office in its own time zone', async () => {
    const list = (await as('boss', { method: 'GET', url: '/api/worklist' })).json();
    expect(list.rows).toEqual([]);
    expect(list.next.sentence).toBe('Next: 4 cases from Wed 08:00 (Tampa); 2 cases from Wed 08:00 (Austin)');
    expect(list.next.total).toBe(6);
  });

  it('?preview= shows the list as of that instant, marked as a preview; no "next" while there is work', async () => {
    const response = await as('desk', { method: 'GET', url: `/api/worklist?preview=${wedOpenTampa}` });
    expect(response.statusCode, response.body).toBe(200);
    const list = response.json();
    expect(list.preview).toBe(wedOpenTampa);
    expect(list.at).toBe(wedOpenTampa);
    expect(list.rows.map((r: { patientId: string }) => r.patientId).sort()).toEqual(['FL-1', 'FL-2', 'FL-3']);
    expect(list.next).toBeNull();
  });

  it('a preview in the past, beyond 14 days or not an instant is a 400 that says what was given and what is allowed', async () => {
    const past = await as('desk', { method: 'GET', url: '/api/worklist?preview=2026-11-17T20:00:00Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error).toMatchObject({
      code: 'invalid_input',
      message: 'preview 2026-11-17T20:00:00.000Z is not allowed; allowed: an instant after now (2026-11-18T01:30:00.000Z) and at most 14 days ahead (2026-12-02T01:30:00.000Z)',
    });
    const far = await as('desk', { method: 'GET', url: '/api/worklist?preview=2026-12-02T01:31:00Z' });
    expect(far.statusCode).toBe(400);
    expect(far.json().error.code).toBe('invalid_input');
    expect(far.json().error.message).toBe('preview 2026-12-02T01:31:00.000Z is not allowed; allowed: an instant after now (2026-11-18T01:30:00.000Z) and at most 14 days ahead (2026-12-02T01:30:00.000Z)');
    const garbage = await as('desk', { method: 'GET', url: '/api/worklist?preview=tomorrow' });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().error.code).toBe('invalid_input');
    expect(garbage.json().error.message).toContain('preview');
    expect(JSON.stringify(garbage.json().error)).toContain('must be an ISO-8601 instant with an offset');
  });

  it('on a Friday evening, a Saturday and the eve of Thanksgiving, the next work is Monday morning', async () => {
    const deps = (now: string) => ({ store: t.store, clock: fixedClock(now) });
    await plan({ 'FL-1': '2026-11-23T13:00:00.000Z', 'FL-2': '2026-11-23T13:00:00.000Z', 'FL-3': '2026-11-23T15:00:00.000Z', 'FL-4': '2026-11-24T13:00:00.000Z', 'FL-5': '2026-11-24T13:00:00.000Z' });
    for (const now of ['2026-11-21T01:30:00.000Z', '2026-11-21T17:00:00.000Z']) { // Fri 20:30, Sat 12:00
      const list = await buildWorklist(deps(now), { location: 'TPA' });
      expect(list.rows).toEqual([]);
      expect(list.next?.at).toBe('2026-11-23T13:00:00.000Z');
      expect(list.next?.sentence).toBe('Next: 3 cases from Mon 08:00 (Tampa)');
    }
    // Thanksgiving and the day after are Florida holidays: a case left on the holiday counts with Monday's.
    await plan({ 'FL-1': '2026-11-26T15:00:00.000Z', 'FL-2': '2026-11-30T13:00:00.000Z', 'FL-3': '2026-11-30T13:00:00.000Z', 'FL-4': '2026-12-01T13:00:00.000Z', 'FL-5': '2026-12-01T13:00:00.000Z' });
    const eve = await buildWorklist(deps('2026-11-26T01:30:00.000Z'), { location: 'TPA' });
    expect(eve.rows).toEqual([]);
    expect(eve.next?.sentence).toBe('Next: 3 cases from Thu 10:00 (Tampa)');
    expect(eve.next?.parts[0]?.until).toBe('2026-12-01T05:00:00.000Z');
  });
});
