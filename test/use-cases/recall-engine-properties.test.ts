/**
 * Properties of the planned demo clinic, on both backends: whatever the clinic looks like,
 *   - no patient ever has two open cases, and every open reason belongs to its patient's open case;
 *   - a case whose reasons a future appointment covers is never actionable (also after booking a
 *     random sample of patients and re-planning incrementally);
 *   - the worklist never lists a patient the gate blocks on every channel without saying so, and such
 *     a patient never ranks above a reachable one.
 */
import fc from 'fast-check';
import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { enqueueReplan } from '../../src/db/queries/plan-writes.js';
import { defaultPrograms } from '../../src/domain/recall/index.js';
import { buildWorklist } from '../../src/use-cases/build-worklist.js';
import { checkContact } from '../../src/use-cases/check-contact.js';
import { loadDemoClinic } from '../../src/use-cases/load-demo-clinic.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';

const log = pino({ level: 'silent' });
const T0 = new Date('2026-11-24T15:00:00Z');
// 22:30 in Tampa, 21:30 in Austin, 20:30 in Phoenix: calls and texts are mostly out of window.
const evening = new Date('2026-11-25T03:30:00Z');
const coveredByAnyAppointment = new Set(defaultPrograms.filter((p) => p.suppressedBy === 'any_future_appointment').map((p) => p.key));
const purposeOf = new Map(defaultPrograms.map((p) => [p.key, p.purpose]));

describe.each(backends)('recall engine properties over the demo clinic on %s', (backend) => {
  let t: TestStore;
  const deps = (at: Date) => ({ store: t.store, clock: fixedClock(at), log });

  async function checkInvariants(at: Date): Promise<number> {
    const doubles = await sql<{ patient_id: number }>`select patient_id from cases where state <> 'closed' group by patient_id having count(*) > 1`.execute(t.store.db);
    expect(doubles.rows).toEqual([]);
    const strays = await sql<{ id: number }>`
      select d.id from due_items d left join cases c on c.id = d.case_id
      where d.status = 'open' and (c.id is null or c.state = 'closed' or c.patient_id <> d.patient_id or not (d.anchor = any(c.reason_anchors)))`.execute(t.store.db);
    expect(strays.rows).toEqual([]);
    const actionable = await sql<{ id: number; patient_id: number; program_keys: string[] }>`
      select c.id, c.patient_id, c.program_keys from cases c
      where c.state not in ('closed', 'scheduled') and c.next_action_at <= ${at}::timestamptz
        and exists (select 1 from appointments a where a.patient_id = c.patient_id and a.status in ('scheduled', 'confirmed') and a.starts_at > ${at}::timestamptz)`.execute(t.store.db);
    for (const c of actionable.rows) {
      // With a future appointment on file, only reasons it does not cover may keep a case actionable.
      expect(c.program_keys.filter((k) => coveredByAnyAppointment.has(k)), `case ${c.id}`).toEqual([]);
    }
    const total = await sql<{ n: number }>`select count(*)::int as n from cases where state <> 'closed'`.execute(t.store.db);
    return Number(total.rows[0]?.n ?? 0);
  }

  beforeAll(async () => {
    t = await openTestStore(backend);
    await loadDemoClinic(deps(T0), { patients: 300, seed: 11, locations: 3 });
    await planPatients(deps(T0), { full: true, batchSize: 128 });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('no patient has two open cases; every open reason is on its patient\'s open case; covered cases are never actionable', async () => {
    const open = await checkInvariants(T0);
    expect(open).toBeGreaterThan(30);
  });

  it('after booking a random sample of worked patients and re-planning only them, the properties still hold and the booked cases close or keep only uncovered reasons', async () => {
    const ids = (await sql<{ patient_id: number }>`select patient_id from cases where state = 'open' order by patient_id`.execute(t.store.db)).rows.map((r) => Number(r.patient_id));
    const [sample] = fc.sample(fc.shuffledSubarray(ids, { minLength: Math.min(20, ids.length), maxLength: Math.min(20, ids.length) }), { seed: 7, numRuns: 1 });
    expect(sample?.length).toBe(Math.min(20, ids.length));
    const later = new Date(T0.getTime() + 3_600_000);
    await t.store.db.insertInto('appointments').values((sample ?? []).map((patientId) => ({
      external_id: `BOOK-${patientId}`, patient_id: patientId, starts_at: new Date(T0.getTime() + 10 * 86_400_000), status: 'scheduled' as const, type: 'recall', procedure_codes: [],
    }))).execute();
    await enqueueReplan(t.store.db, sample ?? [], 'booked');
    const result = await planPatients(deps(later));
    // The queued sample, plus whoever's recheck time came during that hour (a visit started, a window opened).
    expect(result.mode).toBe('incremental');
    expect(result.patients - result.rechecked).toBe(sample?.length);
    await checkInvariants(later);
    const after = await sql<{ patient_id: number; state: string; program_keys: string[] }>`
      select patient_id, state, program_keys from cases where patient_id = any(${sample}::bigint[]) and state <> 'closed'`.execute(t.store.db);
    for (const c of after.rows) expect(c.program_keys.filter((k) => coveredByAnyAppointment.has(k) || k === 'missed_visit'), `patient ${c.patient_id}`).toEqual([]);
  });

  it.each([['10:00 in Tampa', T0], ['late evening everywhere', evening]])('the worklist never lists a patient the gate blocks on every channel without saying so (%s)', async (_label, at) => {
    const list = await buildWorklist(deps(at), { at, limit: 500 });
    expect(list.rows.length).toBeGreaterThan(0);
    expect(list.counts.total).toBeGreaterThanOrEqual(list.rows.length);
    let blocked = 0;
    for (const row of list.rows) {
      const purpose = purposeOf.get(row.reasons[0]?.program ?? '') ?? 'recall_due';
      const answers = [];
      for (const channel of ['voice', 'sms', 'email'] as const) {
        answers.push((await checkContact(deps(at), { patient: String(row.recareId), channel, purpose, automated: false, at })).decision.allowed);
      }
      if (answers.some(Boolean)) {
        expect(row.contactableNow, row.patientId).toBe(true);
      } else {
        blocked += 1;
        expect(row.contactableNow, row.patientId).toBe(false);
        expect(row.why, row.patientId).toMatch(/cannot be contacted/);
        expect(row.gate, row.patientId).toMatch(/^No channel is allowed now\./);
      }
      expect(row.reasons.length, row.patientId).toBeGreaterThan(0);
      expect(row.why.length).toBeGreaterThan(0);
    }
    // Short of a due callback, a blocked patient never ranks above a reachable one.
    const ordinary = list.rows.filter((r) => !r.why.startsWith('callback requested'));
    const firstBlocked = ordinary.findIndex((r) => !r.contactableNow);
    if (firstBlocked >= 0) expect(ordinary.slice(firstBlocked).every((r) => !r.contactableNow)).toBe(true);
    if (at === evening) expect(blocked).toBeGreaterThan(0);
  });
});
