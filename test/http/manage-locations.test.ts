/**
 * The Locations routes (issue 14), on both backends: managers read, administrators change name,
 * address, phone, time zone, hours per weekday, closures, extended hours, caller ID and sender
 * identity; every change is validated and audited (location.update, the changed field names); an
 * hours change moves the office's planned work that now falls outside the hours. Fixed clock: Tue
 * 2026-11-24 07:00 in Tampa (EST), before opening.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { loadMessageRecipient } from '../../src/db/queries/message-recipient.js';
import { defaultOfficeHours } from '../../src/domain/locations/location-settings.js';
import { buildTestServer } from '../helpers/test-server.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';

const log = pino({ level: 'silent' });
const password = 'sunrise-locations-2026';
const now = '2026-11-24T12:00:00.000Z'; // Tue 07:00 EST
const tue0800 = '2026-11-24T13:00:00.000Z';
const tue1000 = '2026-11-24T15:00:00.000Z';

describe.each(backends)('locations administration over HTTP on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  let tpa: number;
  let aus: number;
  const sessions: Record<string, StaffSession> = {};
  const caseIds: Record<string, number> = {};
  const as = (who: string, options: InjectOptions) =>
    server.inject({ ...options, cookies: { recare_session: sessions[who]!.token }, headers: { ...(options.headers ?? {}), 'x-csrf-token': sessions[who]!.csrf } });
  const nextActionOf = async (externalId: string) =>
    (await t.store.db.selectFrom('cases').select('next_action_at').where('id', '=', caseIds[externalId]!).executeTakeFirstOrThrow()).next_action_at?.toISOString();
  const audit = () => t.store.db.selectFrom('audit_events').select(['action', 'actor_user_id', 'entity_id', 'details']).where('action', '=', 'location.update').orderBy('id').execute();

  beforeAll(async () => {
    t = await openTestStore(backend);
    const deps = { store: t.store, clock: fixedClock(now), log };
    tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    aus = await seedLocation(t.store, 'AUS', 'TX', 'America/Chicago');
    // An existing database: hours in the original shape.
    await t.store.db.updateTable('locations').set({ hours: JSON.stringify({ opensAt: '08:00', closesAt: '17:00', workingDays: [1, 2, 3, 4, 5] }) } as never).where('id', '=', tpa).execute();
    let n = 10;
    for (const [externalId, step, channel] of [['CALL', 'call', 'voice'], ['TEXT', 'text message', 'sms'], ['CALLBACK', 'callback', 'voice'], ['LATER', 'call', 'voice']] as const) {
      const p = await seedPatient(t.store, { externalId, locationId: tpa, state: 'FL', zip: '33606', mobile: `+181355501${n++}` });
      const at = externalId === 'LATER' ? '2026-11-24T19:00:00.000Z' : tue0800;
      caseIds[externalId] = (await t.store.db.insertInto('cases').values({ patient_id: p.patientId, location_id: tpa, state: 'waiting', next_step: step, next_channel: channel, next_action_at: new Date(at) }).returning('id').executeTakeFirstOrThrow()).id;
    }
    Object.assign(sessions, await signInStaff(deps, [['admin', 'admin', 'all'], ['boss', 'manager', 'all'], ['desk', 'front_desk', ['TPA']], ['tpa-admin', 'admin', ['TPA']]], password));
    server = await buildTestServer(deps);
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('lists every office with its settings; an office stored in the original hours shape reads as per-weekday hours', async () => {
    const response = await as('boss', { method: 'GET', url: '/api/locations' });
    expect(response.statusCode, response.body).toBe(200);
    const list = response.json().locations;
    expect(list.map((l: { externalId: string }) => l.externalId)).toEqual(['TPA', 'AUS']);
    expect(list[0]).toMatchObject({ id: tpa, name: 'Office TPA', timeZone: 'America/New_York', state: 'FL', callerId: null, senderName: null, senderEmail: null, hours: defaultOfficeHours });
    const desk = await as('desk', { method: 'GET', url: '/api/locations' });
    expect(desk.statusCode).toBe(403);
    expect(desk.json().error).toMatchObject({ code: 'forbidden', message: 'Your role (front_desk) does not allow this (locations.read).' });
  });

  it('a manager may look but not change', async () => {
    const refused = await as('boss', { method: 'PATCH', url: `/api/locations/${tpa}`, payload: { name: 'Renamed' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'forbidden', message: 'Your role (manager) does not allow this (locations.manage).' });
  });

  it('an administrator opens Tuesday at 10:00: the 08:00 call and text move to 10:00, the callback and later work stay, and the change is audited', async () => {
    const hours = { ...defaultOfficeHours, week: { ...defaultOfficeHours.week, tue: { opensAt: '10:00', closesAt: '17:00', extendedUntil: null } } };
    const response = await as('admin', { method: 'PATCH', url: `/api/locations/${tpa}`, payload: { hours } });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.changed).toEqual(['hours']);
    expect(body.location.hours.week.tue).toEqual({ opensAt: '10:00', closesAt: '17:00', extendedUntil: null });
    expect(body.moved).toEqual([{ caseId: caseIds.CALL, from: tue0800, to: tue1000 }, { caseId: caseIds.TEXT, from: tue0800, to: tue1000 }]);
    expect(await nextActionOf('CALL')).toBe(tue1000);
    expect(await nextActionOf('CALLBACK')).toBe(tue0800);
    expect(await nextActionOf('LATER')).toBe('2026-11-24T19:00:00.000Z');
    expect(await audit()).toEqual([{ action: 'location.update', actor_user_id: sessions.admin!.id, entity_id: String(tpa), details: { fields: ['hours'], casesMoved: 2 } }]);
    // The same hours again change nothing and are not audited again.
    const again = await as('admin', { method: 'PATCH', url: `/api/locations/${tpa}`, payload: { hours } });
    expect(again.json()).toMatchObject({ changed: [], moved: [] });
    expect(await audit()).toHaveLength(1);
  });

  it('changes address, phone, caller ID and sender identity; emails then go out under the sender name', async () => {
    const response = await as('admin', {
      method: 'PATCH', url: `/api/locations/${tpa}`,
      payload: { name: 'Sunrise Dental – Tampa', address1: '401 N Ashley Dr', city: 'Tampa', zip: '33602', phone: '+18132740100', callerId: '+18132740199', senderName: 'Sunrise Dental', senderEmail: 'tampa@sunrise.example' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().changed).toEqual(['name', 'address1', 'city', 'zip', 'phone', 'callerId', 'senderName', 'senderEmail']);
    expect(response.json().location).toMatchObject({ callerId: '+18132740199', senderName: 'Sunrise Dental', senderEmail: 'tampa@sunrise.example', phone: '+18132740100' });
    const recipient = await loadMessageRecipient(t.store.db, (await t.store.db.selectFrom('cases').select('patient_id').where('id', '=', caseIds.CALL!).executeTakeFirstOrThrow()).patient_id, tpa);
    expect(recipient?.office).toMatchObject({ name: 'Sunrise Dental – Tampa', senderName: 'Sunrise Dental', email: 'tampa@sunrise.example' });
    expect((await audit()).at(-1)?.details).toEqual({ fields: ['name', 'address1', 'city', 'zip', 'phone', 'callerId', 'senderName', 'senderEmail'], casesMoved: 0 });
  });

  it('refuses bad input with the standard invalid_input error: what is wrong, what was given, what is allowed', async () => {
    const bad = await as('admin', {
      method: 'PATCH', url: `/api/locations/${aus}`,
      payload: { timeZone: 'Central', hours: { ...defaultOfficeHours, week: { ...defaultOfficeHours.week, mon: { opensAt: '17:00', closesAt: '08:00' } } } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'invalid_input',
      message: 'Location change is not valid: timeZone "Central": is not an IANA time zone; use e.g. "America/New_York", "America/Chicago" or "America/Phoenix"; '
        + 'hours.week.mon.closesAt "08:00": must be after the opening time 17:00; an office day opens and closes on the same day',
      issues: [
        { path: 'timeZone', value: 'Central', message: 'is not an IANA time zone; use e.g. "America/New_York", "America/Chicago" or "America/Phoenix"' },
        { path: 'hours.week.mon.closesAt', value: '08:00', message: 'must be after the opening time 17:00; an office day opens and closes on the same day' },
      ],
    });
    const notANumber = await as('admin', { method: 'PATCH', url: '/api/locations/TPA', payload: { name: 'x' } });
    expect(notANumber.statusCode).toBe(400);
    expect(notANumber.json().error.message).toBe('Location id "TPA" is not a number; use the id GET /api/locations lists, e.g. /api/locations/1.');
    expect(await audit()).toHaveLength(2);
  });

  it('an office outside the administrator\'s scope answers exactly like one that does not exist', async () => {
    const outside = await as('tpa-admin', { method: 'PATCH', url: `/api/locations/${aus}`, payload: { name: 'Mine now' } });
    const missing = await as('tpa-admin', { method: 'PATCH', url: '/api/locations/9', payload: { name: 'Mine now' } });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error).toMatchObject({ code: 'not_found', message: `No office has the id ${aus}; the Locations page (GET /api/locations) lists them.` });
    expect(missing.json().error.message).toBe('No office has the id 9; the Locations page (GET /api/locations) lists them.');
    expect((await as('tpa-admin', { method: 'GET', url: '/api/locations' })).json().locations.map((l: { externalId: string }) => l.externalId)).toEqual(['TPA']);
  });
});
