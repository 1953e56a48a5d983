/**
 * The patient page over HTTP, on both backends: the page's headers (no-store, no-referrer, noindex) and
 * what it shows before the identity step (practice and first name only; the title names nobody); one
 * answer for forged, expired and used links; CSRF on every POST; a picked time lands as a booking
 * request that staff confirm in one action (Scheduled recorded, the time re-checked, links closed);
 * limits per token and per address.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient, type SeededPatient } from '../helpers/seed-patients.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';
import { buildTestServer } from '../helpers/test-server.js';

const log = pino({ level: 'silent' });
// Monday 2026-09-14 07:00 EDT.
const clock = fixedClock('2026-09-14T11:00:00Z');
const password = 'harbor-patient-links-2026';

describe.each(backends)('the patient page on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  let patient: SeededPatient;
  const sessions: Record<string, StaffSession> = {};
  const as = (who: string, options: InjectOptions) =>
    server.inject({ ...options, cookies: { recare_session: sessions[who]!.token }, headers: { ...(options.headers ?? {}), 'x-csrf-token': sessions[who]!.csrf } });
  const cookieOf = (response: LightMyRequestResponse, name: string) => response.cookies.find((c) => c.name === name)?.value;
  const newLink = async (purpose = 'booking') => {
    const issued = await as('desk', { method: 'POST', url: '/api/links', payload: { patient: 'PL-1', purpose } });
    expect(issued.statusCode).toBe(201);
    return (issued.json() as { url: string }).url.split('/b/')[1] as string;
  };
  const form = (fields: Record<string, string>) => ({ 'content-type': 'application/x-www-form-urlencoded', payload: new URLSearchParams(fields).toString() });
  const post = (token: string, action: string, fields: Record<string, string>, cookies: Record<string, string>) => {
    const { payload, ...headers } = form(fields);
    return server.inject({ method: 'POST', url: `/b/${token}/${action}`, headers, payload, cookies });
  };

  let officeId: number;

  beforeAll(async () => {
    t = await openTestStore(backend);
    const { db } = t.store;
    const deps = { store: t.store, clock, log };
    const office = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    await db.updateTable('locations').set({ name: 'Harbor Dental', phone: '+18135550100' }).where('id', '=', office).execute();
    const hygienist = (await db.insertInto('providers').values({ external_id: 'H1', name: 'H1', role: 'hygienist', location_id: office }).returning('id').executeTakeFirstOrThrow()).id;
    // The hygienist works in either of two chairs: when one is taken after the patient picked it, the confirmation books the other.
    await db.insertInto('provider_schedules').values(['Op 1', 'Op 2'].flatMap((chair) => [1, 2, 3, 4, 5].map((weekday) => ({ location_id: office, provider_id: hygienist, chair, weekday, starts_at: '08:00', ends_at: '17:00' })))).execute();
    officeId = office;
    patient = await seedPatient(t.store, { externalId: 'PL-1', locationId: office, state: 'FL', zip: '33606', mobile: '+18132345621' });
    await db.updateTable('patients').set({ first_name: 'Marisol', last_name: 'Quintero', birth_date: '1990-06-15' }).where('id', '=', patient.patientId).execute();
    await db.insertInto('procedures').values({ patient_id: patient.patientId, code: 'D1110', status: 'completed', performed_on: '2026-03-02', location_id: office }).execute();
    await planPatients(deps, { full: true });
    Object.assign(sessions, await signInStaff(deps, [['desk', 'front_desk', ['TPA']]], password));
    server = await buildTestServer(deps, { patientLinks: { perTokenPerMinute: 12, perAddressPerMinute: 1000 } });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  it('shows only the practice and the first name before the identity step, with private headers and an anonymous title', async () => {
    const token = await newLink();
    const page = await server.inject({ method: 'GET', url: `/b/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(page.body).toContain('<title>Your appointment page</title>');
    expect(page.body).toContain('Harbor Dental');
    expect(page.body).toContain('Hi Marisol');
    for (const secret of ['Quintero', '1990', 'PL-1', 'hygiene', 'Hygiene', '2345621', 'og:']) expect(page.body).not.toContain(secret);
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('<label for="dob">Date of birth</label>');
    expect(cookieOf(page, 'recare_link_csrf')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const spanish = await server.inject({ method: 'GET', url: `/b/${token}?lang=es` });
    expect(spanish.body).toContain('<html lang="es">');
    expect(spanish.body).toContain('Hola, Marisol');
  });

  it('answers a forged, an expired and a used link with the same page and status', async () => {
    const forged = await server.inject({ method: 'GET', url: `/b/${'x'.repeat(43)}` });
    const short = await server.inject({ method: 'GET', url: '/b/abc' });
    const expiredToken = await newLink();
    await t.store.db.updateTable('booking_links').set({ expires_at: new Date('2026-09-14T10:00:00Z') }).where('expires_at', '>', new Date('2026-09-20T00:00:00Z')).where('used_at', 'is', null).where('revoked_at', 'is', null).execute();
    const expired = await server.inject({ method: 'GET', url: `/b/${expiredToken}` });
    expect(forged.statusCode).toBe(404);
    expect(forged.body).toContain('This link can no longer be used');
    for (const other of [short, expired]) {
      expect(other.statusCode).toBe(forged.statusCode);
      expect(other.body).toBe(forged.body);
    }
    expect(forged.headers['cache-control']).toBe('no-store');
  });

  it('refuses a POST without the CSRF field, or from another site', async () => {
    const token = await newLink();
    const page = await server.inject({ method: 'GET', url: `/b/${token}` });
    const csrf = cookieOf(page, 'recare_link_csrf') as string;
    const missing = await post(token, 'confirm', { dob: '1990-06-15' }, { recare_link_csrf: csrf });
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('This page was open too long');
    const { payload, ...headers } = form({ dob: '1990-06-15', csrf });
    const crossSite = await server.inject({ method: 'POST', url: `/b/${token}/confirm`, headers: { ...headers, origin: 'https://evil.example' }, payload, cookies: { recare_link_csrf: csrf } });
    expect(crossSite.statusCode).toBe(403);
    const failed = await t.store.db.selectFrom('booking_links').select('failed_checks').where('session_sha256', 'is not', null).execute();
    expect(failed).toEqual([]);
  });

  it('refuses a form another site sent, by the browser\'s Sec-Fetch-Site, even with the right CSRF field', async () => {
    const token = await newLink();
    const page = await server.inject({ method: 'GET', url: `/b/${token}` });
    const csrf = cookieOf(page, 'recare_link_csrf') as string;
    const { payload, ...headers } = form({ dob: '1990-06-15', csrf });
    for (const site of ['cross-site', 'same-site']) {
      const refused = await server.inject({ method: 'POST', url: `/b/${token}/confirm`, headers: { ...headers, 'sec-fetch-site': site }, payload, cookies: { recare_link_csrf: csrf } });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('This page was open too long');
    }
    const own = await server.inject({ method: 'POST', url: `/b/${token}/confirm`, headers: { ...headers, 'sec-fetch-site': 'same-origin' }, payload, cookies: { recare_link_csrf: csrf } });
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Pick a time');
  });

  it('behind a TLS proxy it trusts, marks the page\'s cookies Secure and limits by the client\'s address', async () => {
    const proxied = await buildTestServer({ store: t.store, clock, log }, { trustProxy: ['127.0.0.1'], patientLinks: { perTokenPerMinute: 1000, perAddressPerMinute: 2 } });
    try {
      const token = await newLink();
      const viaProxy = (client: string) => proxied.inject({ method: 'GET', url: `/b/${token}`, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': client } });
      const first = await viaProxy('203.0.113.7');
      expect(first.statusCode).toBe(200);
      expect(first.cookies.find((c) => c.name === 'recare_link_csrf')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
      expect((await viaProxy('203.0.113.7')).statusCode).toBe(200);
      expect((await viaProxy('203.0.113.7')).statusCode).toBe(429);
      // Another patient behind the same proxy has their own allowance.
      expect((await viaProxy('198.51.100.9')).statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('confirms the date of birth, books an offered time, and staff confirm it: Scheduled, re-checked, link closed', async () => {
    const token = await newLink();
    const page = await server.inject({ method: 'GET', url: `/b/${token}` });
    const csrf = cookieOf(page, 'recare_link_csrf') as string;
    const confirmed = await post(token, 'confirm', { dob: '1990-06-15', csrf, lang: 'en' }, { recare_link_csrf: csrf });
    expect(confirmed.statusCode).toBe(200);
    const session = cookieOf(confirmed, 'recare_link_session') as string;
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(confirmed.body).toContain('Pick a time');
    const startsAt = /name="startsAt" value="([^"]+)"/.exec(confirmed.body)?.[1] as string;
    expect(startsAt).toMatch(/^2026-09-1\dT\d\d:\d\d:00\.000Z$/);
    const picked = await post(token, 'pick', { startsAt, csrf, lang: 'en' }, { recare_link_csrf: csrf, recare_link_session: session });
    expect(picked.statusCode).toBe(200);
    expect(picked.body).toContain('We received your request');

    const caseId = (await t.store.db.selectFrom('cases').select('id').where('patient_id', '=', patient.patientId).executeTakeFirstOrThrow()).id;
    const requests = await as('desk', { method: 'GET', url: `/api/cases/${caseId}/booking-requests` });
    const [request] = (requests.json() as { requests: { id: number; kind: string; label: string; startsAt: string; canConfirm: boolean }[] }).requests;
    expect(request).toMatchObject({ kind: 'time', startsAt, canConfirm: true });
    expect(request!.label).toMatch(/^Patient asked for (Mon|Tue|Wed|Thu|Fri) \d{1,2}:\d\d$/);
    const list = await as('desk', { method: 'GET', url: '/api/worklist' });
    const top = (list.json() as { rows: { caseId: number; band: { key: string }; nextStep: string }[] }).rows[0];
    expect(top).toMatchObject({ caseId, band: { key: 'engaged_recently' }, nextStep: `confirm the booking request: ${request!.label}` });

    // Someone else's visit takes the picked chair before the desk confirms.
    const picked_ = await t.store.db.selectFrom('booking_requests').select(['chair']).where('id', '=', request!.id).executeTakeFirstOrThrow();
    const blocker = await seedPatient(t.store, { externalId: 'PL-9', locationId: officeId, state: 'FL', zip: '33606', mobile: '+18132345629' });
    await t.store.db.insertInto('appointments').values({
      external_id: 'BLOCK-1', patient_id: blocker.patientId, location_id: officeId, provider_id: null, chair: picked_.chair, starts_at: new Date(startsAt), duration_minutes: 60, status: 'scheduled', type: 'exam',
    }).execute();
    const confirm = await as('desk', { method: 'POST', url: `/api/booking-requests/${request!.id}/confirm` });
    expect(confirm.statusCode).toBe(200);
    expect((confirm.json() as { outcome: { outcome: { key: string }; state: string } }).outcome).toMatchObject({ outcome: { key: 'scheduled' }, state: 'scheduled' });
    const again = await as('desk', { method: 'POST', url: `/api/booking-requests/${request!.id}/confirm` });
    expect(again.statusCode).toBe(409);
    expect((again.json() as { error: { code: string; message: string } }).error.message).toMatch(/^Booking request #\d+ \("Patient asked for .*"\) was already confirmed at 2026-09-14T11:00:00\.000Z\.$/);
    const booked = await t.store.db.selectFrom('appointments').select(['starts_at', 'status', 'chair']).where('external_id', '=', `booking-request-${request!.id}`).executeTakeFirstOrThrow();
    // The chair the re-check found free, not the one taken since.
    expect(booked).toEqual({ starts_at: new Date(startsAt), status: 'scheduled', chair: picked_.chair === 'Op 1' ? 'Op 2' : 'Op 1' });
    const after = await server.inject({ method: 'GET', url: `/b/${token}`, cookies: { recare_link_session: session } });
    expect(after.statusCode).toBe(404);
  });

  it('limits requests per link', async () => {
    const token = 'L'.repeat(43);
    const codes: number[] = [];
    for (let i = 0; i < 14; i++) codes.push((await server.inject({ method: 'GET', url: `/b/${token}` })).statusCode);
    expect(codes.slice(0, 12).every((c) => c === 404)).toBe(true);
    expect(codes.slice(12)).toEqual([429, 429]);
    const limited = await server.inject({ method: 'GET', url: `/b/${token}` });
    expect(limited.body).toContain('Too many requests');
    expect(limited.headers['cache-control']).toBe('no-store');
  });
});
