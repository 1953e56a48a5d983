/**
 * GET /api/patients/:patient/contact-check — "can I call now? if not, when?" for the web app, on both
 * backends: every channel at once or one channel, with one JSON error shape for bad queries.
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { channels } from '../../src/domain/compliance/index.js';
import { buildTestServer } from '../helpers/test-server.js';
import { addUser } from '../../src/use-cases/manage-users.js';
import { signIn } from '../../src/use-cases/sign-in.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient, type SeededPatient } from '../helpers/seed-patients.js';

const log = pino({ level: 'silent' });
// Tuesday 2026-11-24 in Tampa (EST, UTC-5): 10:00 and 20:30 local.
const tuesdayMorning = '2026-11-24T15:00:00.000Z';
const tuesday2030 = '2026-11-25T01:30:00.000Z';
const channelKeys = ['channel', 'contactPoint', 'allowed', 'reasons', 'nextAllowedAt', 'timeZones', 'states', 'mayLeaveVoicemail', 'explanation'];

describe.each(backends)('contact-check API on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  let tampa: SeededPatient;
  let session: string;
  // A front-desk user of the Tampa office, signed in (the route needs patients.read and the office).
  const get = (url: string) => server.inject({ method: 'GET', url, cookies: { recare_session: session } });

  beforeAll(async () => {
    t = await openTestStore(backend);
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    tampa = await seedPatient(t.store, { externalId: 'FL-1', locationId: tpa, state: 'FL', zip: '33606', mobile: '+18132345678', home: '+18135550100' });
    const deps = { store: t.store, clock: fixedClock(tuesdayMorning), log };
    const password = 'tampa-bay-recall-checks-2026';
    await addUser(deps, { email: 'desk@tampa.example', role: 'front_desk', locations: ['TPA'], password, actor: { userId: null, kind: 'cli' } });
    session = (await signIn(deps, { email: 'desk@tampa.example', password, remoteAddress: null, userAgent: null })).token;
    server = await buildTestServer(deps);
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it("answers for every channel when none is named: calls and texts blocked at 20:30 by Florida's 20:00 limit, email and letters not", async () => {
    const response = await get(`/api/patients/FL-1/contact-check?at=${tuesday2030}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body)).toEqual(['patientId', 'externalId', 'at', 'purpose', 'by', 'channels']);
    expect(body).toMatchObject({ patientId: tampa.patientId, externalId: 'FL-1', at: tuesday2030, purpose: 'recall_due', by: 'staff' });
    expect(body.channels.map((c: { channel: string }) => c.channel)).toEqual([...channels]);
    for (const answer of body.channels) {
      expect(Object.keys(answer), answer.channel).toEqual(channelKeys);
      expect(answer.timeZones, answer.channel).toEqual(['America/New_York']);
      expect(answer.states, answer.channel).toEqual(['FL']);
      for (const reason of answer.reasons) expect(Object.keys(reason)).toEqual(['code', 'message']);
    }
    const byChannel = Object.fromEntries(body.channels.map((c: { channel: string }) => [c.channel, c]));
    for (const channel of ['voice', 'voicemail', 'sms']) {
      expect(byChannel[channel], channel).toMatchObject({ allowed: false, nextAllowedAt: '2026-11-25T13:00:00.000Z', contactPoint: { id: tampa.mobileId, kind: 'phone', use: 'mobile' } });
      expect(byChannel[channel].reasons.map((r: { code: string }) => r.code), channel).toEqual(['outside_calling_window']);
      expect(byChannel[channel].explanation, channel).toMatch(/^Blocked: 20:30 in America\/New_York is after Florida's 20:00 limit .*Next allowed: Wed 08:00 EST\.$/);
    }
    expect(byChannel.email).toMatchObject({ allowed: true, reasons: [], nextAllowedAt: tuesday2030, contactPoint: { id: tampa.emailId, kind: 'email' } });
    expect(byChannel.letter).toMatchObject({ allowed: true, reasons: [], contactPoint: null });
  });

  it('answers for one channel, by the numeric id too, at the clock time when no `at` is given', async () => {
    const response = await get(`/api/patients/${tampa.patientId}/contact-check?channel=sms&by=automation&purpose=appointment_reminder`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ patientId: tampa.patientId, externalId: 'FL-1', at: tuesdayMorning, purpose: 'appointment_reminder', by: 'automation' });
    expect(body.channels).toHaveLength(1);
    expect(body.channels[0]).toMatchObject({ channel: 'sms', allowed: true, reasons: [], nextAllowedAt: tuesdayMorning, contactPoint: { id: tampa.mobileId, kind: 'phone', use: 'mobile' }, mayLeaveVoicemail: true });
    expect(body.channels[0].explanation).toBe('Allowed: Inside the federal, Florida windows in America/New_York. consent: PEC from intake_form, captured 2026-01-05.');
  });

  it('promotion without written consent is blocked, and says so', async () => {
    const response = await get('/api/patients/FL-1/contact-check?channel=sms&purpose=promotion');
    expect(response.statusCode).toBe(200);
    const [answer] = response.json().channels;
    expect(answer.allowed).toBe(false);
    expect(answer.reasons[0].message).toMatch(/written/i);
  });

  it.each([
    ['channel=fax', 'channel', 'fax', /"voice"\|"voicemail"\|"sms"\|"email"\|"letter"/],
    ['purpose=spam', 'purpose', 'spam', /"appointment_reminder".*"billing"/],
    ['by=robot', 'by', 'robot', /"staff"\|"automation"/],
    ['at=tomorrow', 'at', 'tomorrow', /ISO-8601 instant with an offset, e\.g\. 2026-11-24T19:30:00-05:00/],
    ['at=2026-11-24T19:30:00', 'at', '2026-11-24T19:30:00', /ISO-8601 instant with an offset/],
    ['at=2026-02-30T10:00:00Z', 'at', '2026-02-30T10:00:00Z', /ISO-8601 instant with an offset/],
    [`program=${'x'.repeat(65)}`, 'program', 'x'.repeat(65), /64/],
  ])('rejects ?%s with 400 invalid_input naming the parameter, the value and what is allowed', async (query, parameter, value, allowed) => {
    const response = await get(`/api/patients/FL-1/contact-check?${query}`);
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(`${parameter}=${JSON.stringify(value)}: `);
    expect(error.message).toMatch(allowed);
    expect(error.issues).toEqual([{ path: parameter, value, message: expect.stringMatching(allowed) }]);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports every bad parameter at once', async () => {
    const response = await get('/api/patients/FL-1/contact-check?purpose=spam&by=robot');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['purpose', 'by']);
    expect(response.json().error).toMatchObject({ code: 'invalid_input', message: 'Query is not valid: purpose="spam": Invalid option: expected one of "appointment_reminder"|"recall_due"|"reactivation"|"treatment_followup"|"post_op"|"promotion"|"billing"; by="robot": Invalid option: expected one of "staff"|"automation"' });
  });

  it('refuses an id that two source systems both use (409 conflict) rather than answering for the wrong patient', async () => {
    const tpa = await t.store.db.selectFrom('locations').select('id').where('external_id', '=', 'TPA').executeTakeFirstOrThrow();
    const fromCsv = await seedPatient(t.store, { externalId: 'DUP-7', locationId: tpa.id, state: 'FL', zip: '33606', mobile: '+18132345670' });
    // Seeded as 'DUP-7x', then renamed: the same external id from a second source system.
    const fromFhir = await seedPatient(t.store, { externalId: 'DUP-7x', locationId: tpa.id, state: 'FL', zip: '33606', mobile: '+18132345671' });
    await t.store.db.updateTable('patients').set({ external_source: 'fhir', external_id: 'DUP-7' }).where('id', '=', fromFhir.patientId).execute();
    const response = await get('/api/patients/DUP-7/contact-check?channel=sms');
    expect(response.statusCode).toBe(409);
    const { error } = response.json();
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(`The id "DUP-7" belongs to 2 patients from different source systems (recare: Recare id ${fromCsv.patientId}; fhir: Recare id ${fromFhir.patientId}). Use Recare's numeric id instead.`);
    const byNumericId = await get(`/api/patients/${fromFhir.patientId}/contact-check?channel=sms`);
    expect(byNumericId.statusCode).toBe(200);
    expect(byNumericId.json()).toMatchObject({ patientId: fromFhir.patientId, externalId: 'DUP-7' });
  });

  it('answers nobody who is not signed in (401), and says nothing about the patient', async () => {
    const response = await server.inject({ method: 'GET', url: '/api/patients/FL-1/contact-check' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
    expect(response.body).not.toContain('FL-1');
  });

  it('answers an unknown patient with 404 not_found and a message naming the id', async () => {
    const response = await get('/api/patients/NOPE-9/contact-check?channel=sms');
    expect(response.statusCode).toBe(404);
    const { error } = response.json();
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/^No patient (has|with) the id "NOPE-9"/);
  });
});
