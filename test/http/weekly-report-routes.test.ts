/**
 * GET /api/reports/weekly.pdf: managers and admins download an office's week as a PDF, within their
 * offices; the front desk gets 403; a bad week is a 400 that quotes it and shows the allowed form.
 * GET /api/reports/weekly/deliveries lists the emails of the caller's offices.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { readPdf } from '../channels/pdf-text.js';
import { openTestStore, type TestStore } from '../helpers/databases.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';
import { buildTestServer } from '../helpers/test-server.js';
import { buildWeek, tampaLines, week } from '../reporting/weekly-fixture.js';

const log = pino({ level: 'silent' });
const now = '2026-11-30T13:00:00.000Z';
const password = 'sunrise-weekly-routes-2026';

describe('weekly report API', () => {
  let t: TestStore;
  let server: FastifyInstance;
  const sessions: Record<string, StaffSession> = {};
  const deps = () => ({ store: t.store, clock: fixedClock(now), log });
  const as = (who: string, options: InjectOptions) =>
    server.inject({ ...options, cookies: { recare_session: sessions[who]!.token }, headers: { ...(options.headers ?? {}), 'x-csrf-token': sessions[who]!.csrf } });

  beforeAll(async () => {
    t = await openTestStore('pglite');
    const { phx } = await buildWeek(t.store.db);
    Object.assign(sessions, await signInStaff(deps(), [['desk', 'front_desk', ['TPA']], ['boss', 'manager', 'all'], ['arizona', 'manager', ['PHX']]], password));
    await t.store.db.insertInto('weekly_report_deliveries').values({ location_id: phx, week, state: 'uncertain', recipients: JSON.stringify([sessions.arizona!.id]), claimed_at: now, failure: 'fixture' }).execute();
    server = await buildTestServer(deps());
  });
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  it("gives a manager Tampa's week as a PDF with the week's figures", async () => {
    const response = await as('boss', { method: 'GET', url: `/api/reports/weekly.pdf?week=${week}&location=TPA` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('attachment; filename="recare-weekly-TPA-2026-W48.pdf"');
    const lines = (await readPdf(response.rawPayload)).pages.flatMap((p) => p.text.split('\n'));
    for (const line of tampaLines) expect(lines).toContain(line);
  });

  it('refuses the front desk with 403', async () => {
    const response = await as('desk', { method: 'GET', url: `/api/reports/weekly.pdf?week=${week}&location=TPA` });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('answers a bad week, an office outside the caller\'s offices and an unknown parameter with 400 and what is allowed', async () => {
    const badWeek = await as('boss', { method: 'GET', url: '/api/reports/weekly.pdf?week=2026-13&location=TPA' });
    expect(badWeek.statusCode).toBe(400);
    expect(badWeek.json()).toMatchObject({ error: { code: 'invalid_input', message: 'week is "2026-13"; allowed: an ISO week YYYY-Www, e.g. 2026-W49.' } });
    const otherOffice = await as('arizona', { method: 'GET', url: `/api/reports/weekly.pdf?week=${week}&location=TPA` });
    expect(otherOffice.statusCode).toBe(400);
    expect(otherOffice.json()).toMatchObject({ error: { code: 'invalid_input', message: 'location is "TPA", which is not an office in your offices; allowed: PHX.' } });
    const typo = await as('boss', { method: 'GET', url: `/api/reports/weekly.pdf?wek=${week}` });
    expect(typo.statusCode).toBe(400);
    expect(typo.json()).toMatchObject({ error: { code: 'invalid_input', message: 'Query is not valid: "wek" is not a parameter of the weekly report; parameters: week, location' } });
  });

  it("lists the email deliveries of the caller's offices only", async () => {
    const arizona = await as('arizona', { method: 'GET', url: '/api/reports/weekly/deliveries' });
    expect(arizona.statusCode).toBe(200);
    expect(arizona.json()).toEqual({ deliveries: [{ location: 'PHX', week, state: 'uncertain', recipients: [sessions.arizona!.id], claimedAt: now, sentAt: null, failure: 'fixture', tries: 1 }] });
    const desk = await as('desk', { method: 'GET', url: '/api/reports/weekly/deliveries' });
    expect(desk.statusCode).toBe(403);
    // A manager of every office sees them too.
    const boss = await as('boss', { method: 'GET', url: '/api/reports/weekly/deliveries' });
    expect(boss.json().deliveries).toHaveLength(1);
  });
});
