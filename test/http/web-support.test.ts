/**
 * The read-only routes the web app adds: the patient card (contact points with consents, opt-outs and
 * "no voicemail", attempts, household), the call scripts (privacy rules of the voicemail checked by
 * the template linter; they are stored message templates, per program), and the workspace (the user's offices and queues).
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { buildTestServer } from '../helpers/test-server.js';
import { lintTemplate } from '../../src/domain/messages/index.js';
import scripts from '../../src/domain/messages/scripts/call-scripts.json' with { type: 'json' };
import { addUser } from '../../src/use-cases/manage-users.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { signInAs, type SignedInClient } from '../helpers/http-session.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';

const password = 'web-support-routes-2026';

describe.each(backends)('web app support routes on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  let desk: SignedInClient;
  let nurse: SignedInClient;

  beforeAll(async () => {
    t = await openTestStore(backend);
    const deps = { store: t.store, clock: fixedClock('2026-11-24T15:00:00Z'), log: pino({ level: 'silent' }) };
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    const aus = await seedLocation(t.store, 'AUS', 'TX', 'America/Chicago');
    const guarantor = await seedPatient(t.store, { externalId: 'FL-1', locationId: tpa, state: 'FL', zip: '33606', mobile: '+18132345601', home: '+18132345611' });
    const child = await seedPatient(t.store, { externalId: 'FL-2', locationId: tpa, state: 'FL', zip: '33606', mobile: '+18132345602' });
    await seedPatient(t.store, { externalId: 'TX-1', locationId: aus, state: 'TX', zip: '78701', mobile: '+15124765603' });
    const db = t.store.db;
    await db.updateTable('patients').set({ guarantor_id: guarantor.patientId, birth_date: '2015-06-01' }).where('id', '=', child.patientId).execute();
    await db.updateTable('patients').set({ birth_date: '1980-11-25', language: 'es', preferred_name: 'Lupe' }).where('id', '=', guarantor.patientId).execute();
    await db.insertInto('communication_preferences').values({ patient_id: guarantor.patientId, kind: 'no_voicemail' }).execute();
    await db.insertInto('opt_outs').values({ patient_id: guarantor.patientId, contact_point_id: guarantor.homeId, channel: null, purpose_class: null, received_via: 'staff', received_at: new Date('2026-10-01T15:00:00Z') }).execute();
    await db.insertInto('cases').values({ patient_id: child.patientId, location_id: tpa, state: 'open', next_action_at: new Date('2026-11-24T14:00:00Z'), program_keys: ['hygiene'] }).execute();
    await db.insertInto('attempts').values({ patient_id: guarantor.patientId, channel: 'voice', actor_kind: 'staff', outcome: 'no_answer', note: 'rang out', occurred_at: new Date('2026-11-20T15:00:00Z') }).execute();
    for (const [who, role, locations] of [['desk', 'front_desk', ['TPA']], ['nurse', 'clinical', 'all']] as const) {
      await addUser(deps, { email: `${who}@clinic.example`, displayName: who, role, locations: locations === 'all' ? 'all' : [...locations], password, actor: { userId: null, kind: 'cli' } });
    }
    server = await buildTestServer(deps);
    desk = await signInAs(server, 'desk@clinic.example', password);
    nurse = await signInAs(server, 'nurse@clinic.example', password);
  });
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  it('answers the patient card with age, language, contact points, consents, opt-outs, warnings, attempts and household', async () => {
    const response = await desk.request({ method: 'GET', url: '/api/patients/FL-1/card' });
    expect(response.statusCode).toBe(200);
    const card = response.json();
    expect(card).toMatchObject({ patientId: 'FL-1', name: 'Lupe FL-1', age: 45, language: 'es', timeZone: 'America/New_York', location: { id: 'TPA', name: 'Office TPA' } });
    expect(card.warnings).toEqual(['No voicemail: do not leave messages.']);
    const [mobile, home] = card.contactPoints;
    expect(mobile).toMatchObject({ kind: 'phone', use: 'mobile', value: '+18132345601', valid: true, primary: true, optedOut: [] });
    expect(mobile.consents.map((c: { channel: string }) => c.channel).sort()).toEqual(['sms', 'voice', 'voicemail']);
    expect(home).toMatchObject({ use: 'home', optedOut: ['all'] });
    expect(card.attempts).toEqual([expect.objectContaining({ channel: 'voice', by: 'staff', outcome: 'No answer', note: 'rang out' })]);
    expect(card.family).toEqual([expect.objectContaining({ patientId: 'FL-2', programs: ['hygiene'], state: 'open' })]);
  });

  it("lists only the household members of the viewer's offices on the card (a household can span offices)", async () => {
    const db = t.store.db;
    const aus = await db.selectFrom('locations').select('id').where('external_id', '=', 'AUS').executeTakeFirstOrThrow();
    const guarantor = await db.selectFrom('patients').select('id').where('external_id', '=', 'FL-1').executeTakeFirstOrThrow();
    const texan = await seedPatient(t.store, { externalId: 'TX-2', locationId: aus.id, state: 'TX', zip: '78701', mobile: '+15124765604' });
    await db.updateTable('patients').set({ guarantor_id: guarantor.id }).where('id', '=', texan.patientId).execute();
    await db.insertInto('cases').values({ patient_id: texan.patientId, location_id: aus.id, state: 'open', next_action_at: new Date('2026-11-24T14:00:00Z'), program_keys: ['hygiene'] }).execute();
    const mine = (await desk.request({ method: 'GET', url: '/api/patients/FL-1/card' })).json();
    expect(mine.family.map((f: { patientId: string }) => f.patientId)).toEqual(['FL-2']);
    expect(JSON.stringify(mine)).not.toContain('TX-2');
    const everyOffice = (await nurse.request({ method: 'GET', url: '/api/patients/FL-1/card' })).json();
    expect(everyOffice.family.map((f: { patientId: string }) => f.patientId)).toEqual(['FL-2', 'TX-2']);
  });

  it('hides a patient of another office exactly like one that does not exist, and records the view in the audit log', async () => {
    const other = await desk.request({ method: 'GET', url: '/api/patients/TX-1/card' });
    const none = await desk.request({ method: 'GET', url: '/api/patients/NOPE/card' });
    expect(other.statusCode).toBe(404);
    expect(none.statusCode).toBe(404);
    expect(none.json().error).toMatchObject({ code: 'not_found', message: 'No patient with the id "NOPE" is visible to you.' });
    expect(other.json().error).toMatchObject({ code: 'not_found', message: 'No patient with the id "TX-1" is visible to you.' });
    const views = await t.store.db.selectFrom('audit_events').select(['action', 'patient_id']).where('action', '=', 'patient.view').execute();
    expect(views.length).toBeGreaterThanOrEqual(1);
    const anonymous = await server.inject({ method: 'GET', url: '/api/patients/FL-1/card' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error).toMatchObject({ code: 'unauthenticated', message: 'Sign in first: this request needs a signed-in user (the session is missing or has expired).' });
  });

  it('serves the call scripts and the stored voicemail templates; every voicemail passes the template linter (no procedure, diagnosis or money)', async () => {
    const response = await desk.request({ method: 'GET', url: '/api/scripts' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.languages).toEqual(['en', 'es']);
    expect(body.sections.map((s: { key: string }) => s.key)).toEqual(['opening', 'identityCheck', 'purpose', 'busy', 'hesitant', 'human', 'clinicalQuestion', 'costWorry', 'otherLanguage']);
    expect(body.decisionTree.nodes[body.decisionTree.start].choices.length).toBeGreaterThan(2);
    const render = (text: string) => text.replaceAll('{{practice_name}}', 'Sunrise Dental').replaceAll('{{practice_phone}}', '(813) 274-0100')
      .replaceAll('{{patient_first_name}}', 'Ana').replaceAll('{{staff_name}}', 'Maria');
    for (const language of ['en', 'es'] as const) {
      const voicemails: string[] = [body.voicemail[language], ...Object.values(body.voicemailByProgram as Record<string, Record<string, string>>).map((v) => v[language]!)];
      expect(Object.keys(body.voicemailByProgram)).toContain('hygiene');
      for (const voicemail of voicemails) {
        expect(voicemail).toContain('{{practice_name}}');
        expect(voicemail).toContain('{{practice_phone}}');
        expect(lintTemplate('voicemail', voicemail).problems).toEqual([]);
        expect(lintTemplate('voicemail', render(voicemail)).problems).toEqual([]);
      }
      // Nothing about the visit before the identity check passes.
      for (const section of ['opening', 'identityCheck'] as const) expect(lintTemplate('voice_script', render(scripts.common[language][section])).problems).toEqual([]);
    }
  });

  it('lists the offices and queues of the signed-in user', async () => {
    const deskSpace = (await desk.request({ method: 'GET', url: '/api/workspace' })).json();
    expect(deskSpace).toEqual({ locations: [expect.objectContaining({ id: 'TPA', name: 'Office TPA', timeZone: 'America/New_York' })], queues: ['insurance', 'language', 'manager'], messagingPaused: false });
    const nurseSpace = (await nurse.request({ method: 'GET', url: '/api/workspace' })).json();
    expect(nurseSpace.locations.map((l: { id: string }) => l.id)).toEqual(['TPA', 'AUS']);
    expect(nurseSpace.queues).toContain('clinical');
  });
});
