/**
 * Sweeps over every API route, walked from the server's access table (the one the security test
 * walks), so a route added later is covered by construction:
 *
 * - scope: for every route that takes an id, a user of one office gets byte-identical answers
 *   (status, every header but Date, body) for a record of another office and for a record that does
 *   not exist — whatever state the other office's record is in (closed, escalated, claimed, an
 *   external id two sources share). Only the id itself and the request id differ, and both are
 *   masked; the missing id has as many characters as the other office's, so even Content-Length
 *   matches. A route whose path names a record and that the table below does not know fails the test.
 * - caching: every /api answer, signed in or not, success or error, says `Cache-Control: no-store`.
 */
import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, roles, type Permission, type Role } from '../../src/domain/access/index.js';
import { buildTestServer } from '../helpers/test-server.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';

const log = pino({ level: 'silent' });
const password = 'sunrise-route-sweep-2026';

type IdKind = 'patient' | 'case' | 'attempt' | 'escalation' | 'booking_request' | 'call';

/** What the id of a route names, and a request that reaches the scope check (a valid body). */
type IdRoute =
  | { kind: IdKind; request: (id: string, ctx: { deskUserId: number }) => InjectOptions }
  /** Practice-wide records: not tied to one office, so there is nothing out of scope to hide. */
  | { practiceWide: string };

const idRoutes: Record<string, IdRoute> = {
  'GET /api/patients/:patient/card': { kind: 'patient', request: (id) => ({ method: 'GET', url: `/api/patients/${encodeURIComponent(id)}/card` }) },
  'GET /api/patients/:patient/explain': { kind: 'patient', request: (id) => ({ method: 'GET', url: `/api/patients/${encodeURIComponent(id)}/explain` }) },
  'GET /api/patients/:patient/contact-check': { kind: 'patient', request: (id) => ({ method: 'GET', url: `/api/patients/${encodeURIComponent(id)}/contact-check?channel=voice` }) },
  'POST /api/cases/:id/claim': { kind: 'case', request: (id) => ({ method: 'POST', url: `/api/cases/${id}/claim`, payload: {} }) },
  'POST /api/cases/:id/outcome': { kind: 'case', request: (id) => ({ method: 'POST', url: `/api/cases/${id}/outcome`, payload: { outcome: 'No answer' } }) },
  'POST /api/review/:caseId/requeue': { kind: 'case', request: (id) => ({ method: 'POST', url: `/api/review/${id}/requeue`, payload: { reason: 'sweep' } }) },
  'POST /api/review/:caseId/close': { kind: 'case', request: (id) => ({ method: 'POST', url: `/api/review/${id}/close`, payload: { reason: 'sweep' } }) },
  'POST /api/attempts/:id/undo': { kind: 'attempt', request: (id) => ({ method: 'POST', url: `/api/attempts/${id}/undo`, payload: {} }) },
  'POST /api/escalations/:id/resolve': { kind: 'escalation', request: (id) => ({ method: 'POST', url: `/api/escalations/${id}/resolve`, payload: { resolution: 'sweep' } }) },
  'GET /api/cases/:id/conversation': { kind: 'case', request: (id) => ({ method: 'GET', url: `/api/cases/${id}/conversation` }) },
  'POST /api/cases/:id/messages': { kind: 'case', request: (id) => ({ method: 'POST', url: `/api/cases/${id}/messages`, payload: { channel: 'sms', text: 'Please call us back.' } }) },
  'POST /api/cases/:id/letters': { kind: 'case', request: (id) => ({ method: 'POST', url: `/api/cases/${id}/letters`, payload: {} }) },
  'GET /api/cases/:id/booking-requests': { kind: 'case', request: (id) => ({ method: 'GET', url: `/api/cases/${id}/booking-requests` }) },
  'GET /api/cases/:id/voice': { kind: 'case', request: (id) => ({ method: 'GET', url: `/api/cases/${id}/voice` }) },
  'POST /api/cases/:id/calls': { kind: 'case', request: (id) => ({ method: 'POST', url: `/api/cases/${id}/calls`, payload: {} }) },
  'GET /api/calls/:id': { kind: 'call', request: (id) => ({ method: 'GET', url: `/api/calls/${id}` }) },
  'POST /api/calls/:id/voicemail': { kind: 'call', request: (id) => ({ method: 'POST', url: `/api/calls/${id}/voicemail`, payload: {} }) },
  'POST /api/booking-requests/:id/confirm': { kind: 'booking_request', request: (id) => ({ method: 'POST', url: `/api/booking-requests/${id}/confirm` }) },
  // Ids in the body or the query (the access table cannot tell these apart, so they are listed here).
  'POST /api/cases/assign': { kind: 'case', request: (id, ctx) => ({ method: 'POST', url: '/api/cases/assign', payload: { caseIds: [Number(id)], userId: ctx.deskUserId } }) },
  'POST /api/links': { kind: 'patient', request: (id) => ({ method: 'POST', url: '/api/links', payload: { patient: id, purpose: 'preferences' } }) },
  'GET /api/audit': { kind: 'patient', request: (id) => ({ method: 'GET', url: `/api/audit?patient=${encodeURIComponent(id)}` }) },
  // Practice-wide: the reason each is not location-scoped.
  'GET /api/queues/:queue': { practiceWide: 'queue names are the same at every office; the list inside is scoped' },
  'GET /api/templates/:key/:language': { practiceWide: 'message templates belong to the practice' },
  'PUT /api/templates/:key/:language': { practiceWide: 'message templates belong to the practice' },
  'PUT /api/programs/:key': { practiceWide: 'recall programs belong to the practice' },
  'GET /api/imports/:id': { practiceWide: 'an import run spans offices; a location-limited manager sees its figures only (test/http/office-scope.test.ts)' },
  'GET /api/imports/:id/rejected.csv': { practiceWide: 'rejected rows need access to all offices (test/http/office-scope.test.ts)' },
  'POST /api/outbox/:id/retry': { practiceWide: 'the Outbox is the managers\' page; an entry of an office outside the caller\'s answers 404 like a missing one (retryOutboxEntry)' },
  'GET /api/letters/batches/:id/letters.pdf': { practiceWide: 'a print batch holds the letters of every office: accounts covering all offices only' },
  'GET /api/letters/batches/:id/labels.pdf': { practiceWide: 'a print batch holds the letters of every office: accounts covering all offices only' },
  'POST /api/letters/batches/:id/mailed': { practiceWide: 'a print batch holds the letters of every office: accounts covering all offices only' },
  'PATCH /api/users/:id': { practiceWide: 'staff accounts belong to the practice: administrators only' },
  'PUT /api/users/:id/active': { practiceWide: 'staff accounts belong to the practice: administrators only' },
  'PUT /api/users/:id/phone': { practiceWide: 'staff accounts belong to the practice: administrators only' },
  'PATCH /api/locations/:id': { practiceWide: 'offices are the practice\'s settings: administrators only; an office outside the caller\'s scope answers 404 like a missing one (update-location.ts)' },
};

const staff = [
  ...roles.map((role) => [`tpa-${role}`, role, ['TPA']] as const),
  ['texas', 'front_desk', ['AUS']] as const,
  ['boss', 'manager', 'all'] as const,
];

describe.each(backends)('route sweeps on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  const sessions: Record<string, StaffSession> = {};
  const as = (who: string, options: InjectOptions) =>
    server.inject({ ...options, cookies: { recare_session: sessions[who]!.token }, headers: { ...(options.headers ?? {}), 'x-csrf-token': sessions[who]!.csrf } });
  /** Records of the Austin office, in the states that used to answer differently from "missing". */
  const outOfScope: Record<IdKind, string[]> = { patient: [], case: [], attempt: [], escalation: [], booking_request: [], call: [] };
  const patientIds = new Map<string, number>();

  beforeAll(async () => {
    t = await openTestStore(backend);
    const deps = { store: t.store, clock: { now: () => new Date('2026-11-24T15:00:00.000Z') }, log };
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    const aus = await seedLocation(t.store, 'AUS', 'TX', 'America/Chicago');
    const seeds = [
      ['TPA-0001', tpa, 'FL', '33606', '+18132345601'], ['TPA-0002', tpa, 'FL', '33606', '+18132345602'],
      ['AUS-0001', aus, 'TX', '78701', '+15124765601'], ['AUS-0002', aus, 'TX', '78701', '+15124765602'], ['AUS-0003', aus, 'TX', '78701', '+15124765603'],
      ['AUS-0004', aus, 'TX', '78701', '+15124765604'], ['AUS-0005', aus, 'TX', '78701', '+15124765605'],
    ] as const;
    for (const [externalId, locationId, state, zip, mobile] of seeds) {
      const p = await seedPatient(t.store, { externalId, locationId, state, zip, mobile });
      patientIds.set(externalId, p.patientId);
      await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10' }).execute();
    }
    // A second source system that reuses an Austin patient's id for another Austin patient.
    const twin = await seedPatient(t.store, { externalId: 'AUS-TWIN', locationId: aus, state: 'TX', zip: '78701', mobile: '+15124765615' });
    await t.store.db.updateTable('patients').set({ external_source: 'probe2', external_id: 'AUS-0005' }).where('id', '=', twin.patientId).execute();
    // … and one that reuses another Austin patient's id for a Tampa patient.
    const tampaTwin = await seedPatient(t.store, { externalId: 'TPA-TWIN', locationId: tpa, state: 'FL', zip: '33606', mobile: '+18132345615' });
    await t.store.db.updateTable('patients').set({ external_source: 'probe2', external_id: 'AUS-0003' }).where('id', '=', tampaTwin.patientId).execute();
    patientIds.set('TPA-TWIN', tampaTwin.patientId);
    // A two-digit Recare id, so a missing id of the same length exists.
    patientIds.set('AUS-0006', (await seedPatient(t.store, { externalId: 'AUS-0006', locationId: aus, state: 'TX', zip: '78701', mobile: '+15124765606' })).patientId);
    await planPatients(deps, { full: true });
    Object.assign(sessions, await signInStaff(deps, staff, password));
    server = await buildTestServer(deps);

    const caseOf = async (externalId: string) =>
      (await t.store.db.selectFrom('cases').select('id').where('patient_id', '=', patientIds.get(externalId)!).orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    const outcome = async (externalId: string, label: string) => {
      const response = await as('boss', { method: 'POST', url: `/api/cases/${await caseOf(externalId)}/outcome`, payload: { outcome: label } });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { attemptId: number; escalation: { id: number } | null };
    };
    const declined = await outcome('AUS-0001', 'Declined');
    const clinical = await outcome('AUS-0002', 'Needs clinical question answered');
    const insurance = await outcome('AUS-0003', 'Needs authorization or insurance review');
    const resolved = await as('boss', { method: 'POST', url: `/api/escalations/${insurance.escalation!.id}/resolve`, payload: { resolution: 'covered' } });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const claimed = await as('texas', { method: 'POST', url: `/api/cases/${await caseOf('AUS-0004')}/claim`, payload: {} });
    expect(claimed.statusCode, claimed.body).toBe(200);

    outOfScope.patient = ['AUS-0001', 'AUS-0005', String(patientIds.get('AUS-0006'))];
    outOfScope.case = await Promise.all(['AUS-0001', 'AUS-0002', 'AUS-0003', 'AUS-0004'].map(async (p) => String(await caseOf(p))));
    outOfScope.attempt = [String(declined.attemptId), String(clinical.attemptId), String(insurance.attemptId)];
    outOfScope.escalation = [String(clinical.escalation!.id), String(insurance.escalation!.id)];
    // What Austin patients asked for on their own page: a picked time (open) and one on a declined case.
    for (const [externalId, kind] of [['AUS-0004', 'time'], ['AUS-0001', 'proposal']] as const) {
      const request = await t.store.db.insertInto('booking_requests').values({
        case_id: await caseOf(externalId), patient_id: patientIds.get(externalId)!, link_id: null, kind, starts_at: kind === 'time' ? new Date('2026-11-26T15:00:00Z') : null,
        ends_at: null, location_id: aus, provider_id: null, chair: null, label: 'Patient asked for Thu 9:00', created_at: new Date('2026-11-24T15:00:00Z'),
      }).returning('id').executeTakeFirstOrThrow();
      outOfScope.booking_request.push(String(request.id));
    }
    // Austin calls: one under way (a voicemail could go on it) and one that ended.
    for (const [externalId, state] of [['AUS-0004', 'in-progress'], ['AUS-0001', 'completed']] as const) {
      const call = await t.store.db.insertInto('calls').values({
        key: `sweep-${externalId}`, direction: 'out', provider: 'twilio', case_id: await caseOf(externalId), patient_id: patientIds.get(externalId)!, location_id: aus,
        user_id: sessions.texas!.id, state, patient_leg_sid: state === 'in-progress' ? `CA${'a'.repeat(32)}` : null, created_at: new Date('2026-11-24T15:00:00Z'), updated_at: new Date('2026-11-24T15:00:00Z'),
      }).returning('id').executeTakeFirstOrThrow();
      outOfScope.call.push(String(call.id));
    }
  });
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  /** An id of the same length as `id` that names nothing (so the answers can match byte for byte). */
  const missingLike = async (kind: IdKind, id: string): Promise<string> => {
    const { db } = t.store;
    const table = kind === 'patient' ? 'patients' : kind === 'case' ? 'cases' : kind === 'attempt' ? 'attempts' : kind === 'booking_request' ? 'booking_requests' : kind === 'call' ? 'calls' : 'escalations';
    const taken = new Set((await db.selectFrom(table).select('id').execute()).map((r) => String(r.id)));
    if (/^\d+$/.test(id)) {
      const externals = new Set((await db.selectFrom('patients').select('external_id').execute()).map((r) => r.external_id));
      for (let n = 10 ** id.length - 1; n >= 10 ** (id.length - 1); n--) if (!taken.has(String(n)) && !externals.has(String(n))) return String(n);
      throw new Error(`no free ${id.length}-digit ${kind} id to compare ${id} with`);
    }
    const candidate = id.replace(/[A-Za-z]/g, 'Q');
    expect(await db.selectFrom('patients').select('id').where('external_id', '=', candidate).executeTakeFirst()).toBeUndefined();
    return candidate;
  };

  /** The answer with the request id and the given id masked; every header but Date. */
  const answer = (response: LightMyRequestResponse, id: string) => {
    let body = response.body;
    const requestId = (() => {
      try { return (response.json() as { error?: { requestId?: string } }).error?.requestId; } catch { return undefined; }
    })();
    if (requestId) body = body.replaceAll(requestId, '<request-id>');
    body = body.replace(new RegExp(`(?<![\\w-])${id.replace(/[-]/g, '\\-')}(?![\\w-])`, 'g'), '<id>');
    const { date: _date, ...headers } = response.headers;
    return { status: response.statusCode, headers, body };
  };

  it('knows what every route that takes an id names (a new route fails here until it is classified)', () => {
    const routes = server.accessTable.map((r) => `${r.method} ${r.url}`);
    const unclassified = server.accessTable.filter((r) => r.url.includes(':') && !idRoutes[`${r.method} ${r.url}`]).map((r) => `${r.method} ${r.url}`);
    expect(unclassified).toEqual([]);
    expect(Object.keys(idRoutes).filter((key) => !routes.includes(key))).toEqual([]);
  });

  it('answers a record of another office exactly like a missing one, on every route that takes an id, for every role of one office', async () => {
    let compared = 0;
    const differences: string[] = [];
    const deskUserId = sessions['tpa-front_desk']!.id;
    for (const route of server.accessTable) {
      const entry = idRoutes[`${route.method} ${route.url}`];
      if (!entry || 'practiceWide' in entry || 'public' in route.access) continue;
      const permission: Permission = route.access.permission;
      for (const role of roles.filter((r: Role) => can(r, permission))) {
        for (const id of outOfScope[entry.kind]) {
          const missing = await missingLike(entry.kind, id);
          const label = `${role} ${route.method} ${route.url} with ${entry.kind} ${id} (other office) vs ${missing} (missing)`;
          const other = await as(`tpa-${role}`, entry.request(id, { deskUserId }));
          const none = await as(`tpa-${role}`, entry.request(missing, { deskUserId }));
          if (none.statusCode !== 404) differences.push(`${label}: the missing id answered ${none.statusCode} ${none.body}`);
          else if (!isDeepStrictEqual(answer(other, id), answer(none, missing))) differences.push(`${label}: ${other.statusCode} ${other.body}`);
          compared += 1;
        }
      }
    }
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(100);
  });

  it('resolves an external id another office shares to the caller\'s own patient, and never names the other office\'s', async () => {
    const tampaTwin = patientIds.get('TPA-TWIN')!;
    const austin = patientIds.get('AUS-0003')!;
    const card = await as('tpa-front_desk', { method: 'GET', url: '/api/patients/AUS-0003/card' });
    expect(card.statusCode, card.body).toBe(200);
    expect(card.json()).toMatchObject({ patientId: 'AUS-0003', recareId: tampaTwin });
    const explain = await as('tpa-front_desk', { method: 'GET', url: '/api/patients/AUS-0003/explain' });
    expect(explain.statusCode, explain.body).toBe(200);
    expect(explain.json()).toMatchObject({ patientId: 'AUS-0003', recareId: tampaTwin, location: 'TPA' });
    const check = await as('tpa-front_desk', { method: 'GET', url: '/api/patients/AUS-0003/contact-check?channel=voice' });
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json()).toMatchObject({ patientId: tampaTwin, externalId: 'AUS-0003' });
    const audit = await as('tpa-manager', { method: 'GET', url: '/api/audit?patient=AUS-0003' });
    expect(audit.statusCode, audit.body).toBe(200);
    expect((audit.json().events as { patient_id: number }[]).map((e) => e.patient_id)).toEqual([tampaTwin, tampaTwin, tampaTwin]);
    for (const response of [card, explain, check, audit]) expect(response.body).not.toMatch(new RegExp(`Recare id ${austin}\\b|belongs to`));
    // Someone who covers both offices sees both patients, so the id is ambiguous to them, and they are told which two.
    const central = await as('boss', { method: 'GET', url: '/api/patients/AUS-0003/card' });
    expect(central.statusCode).toBe(409);
    expect(central.json().error).toMatchObject({
      code: 'conflict',
      message: `The id "AUS-0003" belongs to 2 patients from different source systems (recare: Recare id ${austin}; probe2: Recare id ${tampaTwin}). Use Recare's numeric id instead.`,
    });
  });

  it('says Cache-Control: no-store on every /api answer: signed in or not, success or error', async () => {
    const concrete = (url: string) => url.replace(':patient', 'TPA-0001').replace(/:[a-zA-Z]+/g, '1');
    const statuses = new Set<number>();
    for (const route of server.accessTable) {
      const options: InjectOptions = { method: route.method as 'GET', url: concrete(route.url), ...(route.method === 'GET' ? {} : { payload: {} }) };
      // Signing out would end the session the sweep signs in with; anonymously it is a 401 like the others.
      const endsSession = route.url.startsWith('/api/session') && route.method !== 'GET' && !(route.method === 'POST' && route.url === '/api/session');
      const answers = [await server.inject(options), ...(endsSession ? [] : [await as('boss', options)])];
      for (const response of answers) {
        statuses.add(response.statusCode);
        expect(response.headers['cache-control'], `${route.method} ${route.url} (${response.statusCode})`).toBe('no-store');
      }
    }
    expect([...statuses]).toEqual(expect.arrayContaining([200, 400, 401, 403, 404]));
    const unknown = await server.inject({ method: 'GET', url: '/api/no-such-route' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['cache-control']).toBe('no-store');
  });
});
