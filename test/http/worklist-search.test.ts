/**
 * Worklist search (POST /api/worklist/search { q }) on both backends: names in any case and without
 * accents (preferred, first, last, every word), the practice's patient id, and phone numbers by their
 * last digits in any spelling; the offices in scope still apply; a search too short to mean anything
 * is a 400 that says what to give. The search never travels in a URL: GET /api/worklist?q= is refused.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { buildTestServer } from '../helpers/test-server.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';

const log = pino({ level: 'silent' });
const password = 'sunrise-search-routes-2026';
const T0 = '2026-11-24T15:00:00.000Z';

describe.each(backends)('worklist search on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  const sessions: Record<string, StaffSession> = {};
  const as = (who: string, options: InjectOptions) =>
    server.inject({ ...options, cookies: { recare_session: sessions[who]!.token }, headers: { ...(options.headers ?? {}), 'x-csrf-token': sessions[who]!.csrf } });
  const post = (q: string, who = 'desk') => as(who, { method: 'POST', url: '/api/worklist/search', payload: { q, at: T0 } });
  const search = async (q: string, who = 'desk') => {
    const response = await post(q, who);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().rows as { patientId: string }[]).map((r) => r.patientId).sort();
  };

  beforeAll(async () => {
    t = await openTestStore(backend);
    const deps = { store: t.store, clock: fixedClock(T0), log };
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    const aus = await seedLocation(t.store, 'AUS', 'TX', 'America/Chicago');
    const people = [
      ['FL-1', tpa, 'FL', '33606', '+18135550142', 'María José', 'Núñez', 'Majo'],
      ['FL-2', tpa, 'FL', '33606', '+18135550143', 'John', 'Smith', null],
      ['FL-3', tpa, 'FL', '33606', '+17275550142', 'Ana', 'Smithers', null],
      ['TX-1', aus, 'TX', '78701', '+15125550142', 'Maria', 'Nunez', null],
    ] as const;
    for (const [externalId, locationId, state, zip, mobile, first, last, preferred] of people) {
      const p = await seedPatient(t.store, { externalId, locationId, state, zip, mobile });
      await t.store.db.updateTable('patients').set({ first_name: first, last_name: last, preferred_name: preferred }).where('id', '=', p.patientId).execute();
      await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10' }).execute();
    }
    await planPatients(deps, { full: true });
    Object.assign(sessions, await signInStaff(deps, [['desk', 'front_desk', ['TPA']], ['boss', 'manager', 'all']], password));
    server = await buildTestServer(deps);
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('finds patients by name in any case and without accents, by every word, by preferred name and by patient id', async () => {
    expect(await search('nunez')).toEqual(['FL-1']);
    expect(await search('NÚÑEZ')).toEqual(['FL-1']);
    expect(await search('maría nún')).toEqual(['FL-1']);
    expect(await search('majo')).toEqual(['FL-1']);
    expect(await search('jose nunez')).toEqual(['FL-1']);
    expect(await search('smith')).toEqual(['FL-2', 'FL-3']);
    expect(await search('john smith')).toEqual(['FL-2']);
    expect(await search('fl-2')).toEqual(['FL-2']);
    expect(await search('zzz')).toEqual([]);
    expect(await search('nunez', 'boss')).toEqual(['FL-1', 'TX-1']);
  });

  it('finds a patient by phone in any spelling, by the last digits', async () => {
    expect(await search('555-0142')).toEqual(['FL-1', 'FL-3']);
    expect(await search('(813) 555-0142')).toEqual(['FL-1']);
    expect(await search('+18135550142')).toEqual(['FL-1']);
    expect(await search('813.555.0142')).toEqual(['FL-1']);
    expect(await search('0143')).toEqual(['FL-2']);
    expect(await search('555-0142', 'boss')).toEqual(['FL-1', 'FL-3', 'TX-1']);
  });

  it('echoes the search and keeps the whole list\'s counts', async () => {
    const all = (await as('desk', { method: 'GET', url: `/api/worklist?at=${T0}` })).json();
    const found = (await post('(813) 555-0142')).json();
    expect(found.search).toEqual({ q: '(813) 555-0142', kind: 'phone' });
    expect(all.search).toBeNull();
    expect(found.counts).toEqual(all.counts);
  });

  it('says what to give when the search is too short or not a name or a number', async () => {
    const short = await post('55');
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toMatchObject({
      code: 'invalid_input',
      message: 'The search "55" is too short: give at least 2 letters of a name or the patient id, or at least 4 digits of a phone number (e.g. 555-0142).',
      issues: [{ path: 'q', value: '55', message: 'at least 2 letters or 4 digits' }],
    });
    const symbols = await post('%%__');
    expect(symbols.statusCode).toBe(400);
    expect(symbols.json().error.code).toBe('invalid_input');
    expect(symbols.json().error.message).toBe('The search "%%__" is neither a name nor a phone number; use letters for a name or digits (spaces, dashes, brackets and + allowed) for a phone number.');
  });

  it('keeps the search out of URLs: GET /api/worklist?q= is refused and says where the search goes', async () => {
    const inUrl = await as('desk', { method: 'GET', url: `/api/worklist?q=${encodeURIComponent('nunez')}` });
    expect(inUrl.statusCode).toBe(400);
    expect(inUrl.json().error).toMatchObject({
      code: 'invalid_input',
      message: 'Search with POST /api/worklist/search and the search in the JSON body ({ "q": "…" }): a URL is kept in proxy and server logs, and a search holds names and phone numbers.',
      issues: [{ path: 'q', message: 'not allowed in the URL; send it in the body of POST /api/worklist/search' }],
    });
    expect(inUrl.body).not.toContain('nunez');
    const noSearch = await as('desk', { method: 'POST', url: '/api/worklist/search', payload: { at: T0 } });
    expect(noSearch.statusCode).toBe(400);
    expect(noSearch.json().error.message).toBe('Request body is not valid: q: is required: a name, patient id or phone number');
  });
});
