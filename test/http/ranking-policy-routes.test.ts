/**
 * The worklist's order through the policy API: a manager reads the ranking policy (with each band's
 * plain words and the programs an active window may name), moves a band and shortens an active
 * window, and the next worklist follows at once; bad input is a 400 that names the setting, the
 * value given and what is allowed; other roles may neither read nor change it.
 * "T0" is Tuesday 2026-11-24 10:00 in Tampa.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { defaultRankingPolicy, rankingBands } from '../../src/domain/policy/index.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { buildTestServer } from '../helpers/test-server.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';

const log = pino({ level: 'silent' });
const T0 = '2026-11-24T15:00:00.000Z';
const password = 'sunrise-ranking-routes-2026';

interface Row { patientId: string; band: { key: string; rank: number; reason: string }; why: string }

describe.each(backends)('the worklist order through the policy API on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  const sessions: Record<string, StaffSession> = {};
  const as = (who: string, options: InjectOptions) =>
    server.inject({ ...options, cookies: { recare_session: sessions[who]!.token }, headers: { ...(options.headers ?? {}), 'x-csrf-token': sessions[who]!.csrf } });
  const worklist = async () => {
    const response = await as('boss', { method: 'GET', url: `/api/worklist?at=${T0}` });
    expect(response.statusCode).toBe(200);
    return (response.json().rows as Row[]).map((r) => ({ patientId: r.patientId, band: r.band.key, rank: r.band.rank, why: r.why }));
  };

  let deps: { store: TestStore['store']; clock: ReturnType<typeof fixedClock>; log: typeof log };

  beforeAll(async () => {
    t = await openTestStore(backend);
    deps = { store: t.store, clock: fixedClock(T0), log };
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    // A cleaning due 2026-11-10 (14 days ago: recall due now) and a crown presented 2026-11-14 (10 days ago).
    const recall = await seedPatient(t.store, { externalId: 'RECALL-1', locationId: tpa, state: 'FL', zip: '33606', mobile: '+18132345611' });
    await t.store.db.insertInto('procedures').values({ patient_id: recall.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10', location_id: tpa }).execute();
    const crown = await seedPatient(t.store, { externalId: 'CROWN-1', locationId: tpa, state: 'FL', zip: '33606', mobile: '+18132345612' });
    await t.store.db.insertInto('procedures').values({ patient_id: crown.patientId, code: 'D2740', status: 'planned', performed_on: '2026-11-14', location_id: tpa, fee_cents: 120_000 }).execute();
    await planPatients(deps, { full: true });
    Object.assign(sessions, await signInStaff(deps, [['desk', 'front_desk', ['TPA']], ['coord', 'coordinator', ['TPA']], ['boss', 'manager', 'all']], password));
    server = await buildTestServer(deps);
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('shows a manager the order in effect, the defaults, each band in plain words and the programs', async () => {
    const read = await as('boss', { method: 'GET', url: '/api/policy' });
    expect(read.statusCode).toBe(200);
    const view = read.json();
    expect(view.ranking).toEqual(defaultRankingPolicy);
    expect(view.rankingDefaults).toEqual(defaultRankingPolicy);
    expect(view.rankingBands.map((b: { key: string }) => b.key)).toEqual([...rankingBands]);
    expect(view.rankingBands[0]).toEqual({ key: 'callback_due', label: 'Callback due now', description: 'The patient asked for a call back and that time has come.' });
    expect(view.programs).toContainEqual({ key: 'unscheduled_treatment', name: 'Unscheduled treatment', enabled: true });
    expect(view.programs.map((p: { key: string }) => p.key)).toEqual(expect.arrayContaining(Object.keys(defaultRankingPolicy.activeWindows)));
    expect(view.rankingLimits).toEqual({ days: { min: 1, max: 365 }, activeWindow: { days: { min: 1, max: 3650 }, months: { min: 1, max: 120 } } });
  });

  it('given fresh treatment above recall due now, when a manager moves recall above it, then the worklist puts the cleaning first', async () => {
    const before = await worklist();
    expect(before.map((r) => [r.patientId, r.band, r.rank])).toEqual([['CROWN-1', 'treatment_recent', 5], ['RECALL-1', 'recall_window', 6]]);
    expect(before[0]!.why).toMatch(/^band 5: treatment presented in the last 30 days \(2026-11-14\);/);

    const order = ['callback_due', 'time_bound', 'engaged_recently', 'missed_recently', 'recall_window', 'treatment_recent', 'rest', 'past_window'];
    const saved = await as('boss', { method: 'PUT', url: '/api/policy', payload: { ranking: { order } } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ changed: ['ranking'], ranking: { ...defaultRankingPolicy, order } });
    expect((await as('boss', { method: 'GET', url: '/api/policy' })).json().ranking.order).toEqual(order);

    const after = await worklist();
    expect(after.map((r) => [r.patientId, r.band, r.rank])).toEqual([['RECALL-1', 'recall_window', 5], ['CROWN-1', 'treatment_recent', 6]]);
    expect(after[0]!.why).toMatch(/^band 5: hygiene due within ±30 days \(2026-11-10\);/);
    const audit = await t.store.db.selectFrom('audit_events').select(['action', 'actor_user_id', 'details']).where('action', '=', 'policy.update').where('entity_id', '=', 'policy')
      .orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_user_id: sessions.boss!.id, details: { changed: ['ranking'], values: { ranking: { order } } } });
  });

  it('given a crown presented 10 days ago, when its active window shrinks to a week, then it is worked as past its window, below the cleaning', async () => {
    const activeWindows = { ...defaultRankingPolicy.activeWindows, unscheduled_treatment: { days: 7 } };
    const saved = await as('boss', { method: 'PUT', url: '/api/policy', payload: { ranking: { order: [...rankingBands], activeWindows } } });
    expect(saved.statusCode).toBe(200);
    const read = (await as('boss', { method: 'GET', url: '/api/policy' })).json();
    expect(read.ranking).toEqual({ ...defaultRankingPolicy, activeWindows });

    const rows = await worklist();
    expect(rows.map((r) => [r.patientId, r.band, r.rank])).toEqual([['RECALL-1', 'recall_window', 6], ['CROWN-1', 'past_window', 8]]);
    expect(rows[1]!.why).toMatch(/^band 8: past its active window \(unscheduled treatment: 7 days after 2026-11-14\): worked as reactivation;/);
    const audits = await t.store.db.selectFrom('audit_events').select('details').where('action', '=', 'policy.update').where('entity_id', '=', 'policy').orderBy('id').execute();
    expect(audits.map((a) => (a.details as { changed: string[] }).changed)).toEqual([['ranking'], ['ranking']]);
    // Saving the ranking asks for everyone to be planned again now: the next plan hands the stale crown to the reactivation program.
    const rechecks = await t.store.db.selectFrom('plan_rechecks').select('recheck_at').execute();
    expect(rechecks.length).toBeGreaterThanOrEqual(2);
    expect(rechecks.every((r) => new Date(r.recheck_at).getTime() <= Date.parse(T0))).toBe(true);
    await planPatients(deps);
    const crown = ((await as('boss', { method: 'GET', url: `/api/worklist?at=${T0}` })).json().rows as { patientId: string; scriptKey: string; nextStep: string }[]).find((r) => r.patientId === 'CROWN-1');
    expect(crown).toMatchObject({ scriptKey: 'reactivation_soft', nextStep: 'gentle call' });
  });

  it('refuses a ranking that is not whole, naming the setting, the value given and what is allowed, and saves nothing', async () => {
    const before = (await as('boss', { method: 'GET', url: '/api/policy' })).json().ranking;
    const missingBand = ['callback_due', 'time_bound', 'engaged_recently', 'missed_recently', 'treatment_recent', 'recall_window', 'rest'];
    const cases: [unknown, string][] = [
      [{ order: missingBand }, `The policy was not saved: ranking.order is ${JSON.stringify(missingBand)}: must name every band once: ${rankingBands.join(', ')}`],
      [{ activeWindows: { unscheduled_treatment: { days: 0 } } }, 'The policy was not saved: ranking.activeWindows.unscheduled_treatment.days is 0: must be a whole number of days from 1 to 3650'],
      [{ bandOrder: ['rest'] }, 'The policy was not saved: ranking.bandOrder is ["rest"]: is not a setting of the worklist order; allowed: '
        + 'order, timeBoundPrograms, engagedWithinDays, missedPrograms, missedWithinDays, treatmentPrograms, presentedWithinDays, recallPrograms, recallWithinDays, activeWindows, reactivationProgram'],
      [{ recallWithinDays: 400 }, 'The policy was not saved: ranking.recallWithinDays is 400: must be a whole number of days from 1 to 365'],
      [{ reactivationProgram: 'reactivaton' }, 'The policy was not saved: ranking.reactivationProgram is "reactivaton", which is not a program; known programs: '
        + 'confirmation, hygiene, missed_visit, perio_maintenance, periodic_exam, post_op, reactivation, unscheduled_treatment'],
    ];
    for (const [ranking, message] of cases) {
      const refused = await as('boss', { method: 'PUT', url: '/api/policy', payload: { ranking } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'invalid_input', message });
    }
    const path = (await as('boss', { method: 'PUT', url: '/api/policy', payload: { ranking: { activeWindows: { hygiene: { weeks: 2 } } } } })).json().error.issues;
    expect(path).toEqual([{ path: 'ranking.activeWindows.hygiene', value: { weeks: 2 }, message: 'ranking.activeWindows.hygiene is {"weeks":2}: must be { "days": 1–3650 } or { "months": 1–120 }' }]);
    expect((await as('boss', { method: 'GET', url: '/api/policy' })).json().ranking).toEqual(before);
  });

  it('lets neither a coordinator nor a front desk read or change the order', async () => {
    for (const [who, role] of [['coord', 'coordinator'], ['desk', 'front_desk']] as const) {
      for (const request of [{ method: 'GET' as const, url: '/api/policy' }, { method: 'PUT' as const, url: '/api/policy', payload: { ranking: { order: [...rankingBands].reverse() } } }]) {
        const response = await as(who, request);
        expect(response.statusCode).toBe(403);
        expect(response.json().error).toMatchObject({ code: 'forbidden', message: `Your role (${role}) does not allow this (policy.manage).` });
      }
    }
    expect((await as('boss', { method: 'GET', url: '/api/policy' })).json().ranking.order).toEqual([...rankingBands]);
  });
});
