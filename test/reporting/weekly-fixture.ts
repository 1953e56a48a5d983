/**
 * A week built by hand for the weekly report: ISO week 2026-W48 (Monday 23 to Sunday 29 November
 * 2026) at Tampa (America/New_York) and Phoenix (America/Phoenix), with known touches and outcomes:
 *
 *   W1 hygiene, called 11-24 (callback requested), a visit first seen 11-25       → reached, scheduled
 *   W2 hygiene, called 11-24, Declined (reason: cost)                            → reached, declined
 *   W3 hygiene, no answer 11-23 and 11-25, the case closed unreachable 11-26     → attempted, unreachable
 *   W4 unscheduled treatment, escalated to clinical and to insurance 11-24       → escalated once (two queues)
 *   W5 hygiene, a wrong number 11-27 (the number marked invalid)                 → attempted, one data problem
 *   W6 hygiene, called 11-30 (the next week), Declined (reason: time)            → eligible only
 *   X1 hygiene at Phoenix, called 11-24, Declined (reason: transportation)       → only in Phoenix's report
 *
 * Tampa's week: eligible 6, attempted 4, reached 2, scheduled 1, attended 0, declined 1, unreachable 1,
 * escalated 1 (clinical 1, insurance 1), data problems 1.
 */
import type { Kysely } from 'kysely';
import { loadPrograms } from '../../src/db/queries/recall-programs.js';
import type { Database } from '../../src/db/schema.js';

export const week = '2026-W48';

export async function buildWeek(db: Kysely<Database>): Promise<{ tpa: number; phx: number }> {
  // Reading the programs stores the bundled ones in a fresh database.
  await loadPrograms(db);
  const programIds = new Map((await db.selectFrom('recall_programs').select(['id', 'key']).execute()).map((r) => [r.key, r.id]));
  const tpa = (await db.insertInto('locations').values({ external_id: 'TPA', name: 'Tampa', time_zone: 'America/New_York', state: 'FL', hours: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
  const phx = (await db.insertInto('locations').values({ external_id: 'PHX', name: 'Phoenix', time_zone: 'America/Phoenix', state: 'AZ', hours: '{}' }).returning('id').executeTakeFirstOrThrow()).id;

  const patient = async (externalId: string, location: number, program: string, closedUnreachableAt?: string) => {
    const id = (await db.insertInto('patients').values({ external_id: externalId, first_name: 'Test', last_name: externalId, home_location_id: location, language: 'en' }).returning('id').executeTakeFirstOrThrow()).id;
    const mobile = (await db.insertInto('contact_points').values({ patient_id: id, kind: 'phone', use: 'mobile', value: `+1813555${externalId.charCodeAt(0)}${externalId.slice(1).padStart(2, '0')}`, raw_value: 'x', is_primary: true }).returning('id').executeTakeFirstOrThrow()).id;
    const caseId = (await db.insertInto('cases').values({
      patient_id: id, location_id: location, state: closedUnreachableAt ? 'closed' : 'open', opened_at: new Date('2026-10-01T12:00:00Z'),
      closed_reason: closedUnreachableAt ? 'unreachable' : null, closed_at: closedUnreachableAt ?? null,
    }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('due_items').values({
      patient_id: id, program_id: programIds.get(program)!, program_key: program, case_id: caseId, source: 'computed', anchor: 'a0', due_on: '2026-11-01',
      window_start: '2026-11-01', window_end: null, evidence: 'fixture', status: 'open', opened_at: new Date('2026-10-01T12:00:00Z'),
      outreach_starts_at: new Date('2026-11-01T12:00:00Z'), outreach_ends_at: null,
    }).execute();
    return { id, caseId, mobile };
  };
  type P = Awaited<ReturnType<typeof patient>>;
  const call = (p: P, at: string, outcome: string, reason: string | null = null) => db.insertInto('attempts').values({
    case_id: p.caseId, patient_id: p.id, contact_point_id: p.mobile, channel: 'voice', direction: 'out', actor_kind: 'staff', actor_user_id: null, outcome, reason, occurred_at: at,
  }).execute();

  const w1 = await patient('W1', tpa, 'hygiene');
  await call(w1, '2026-11-24T15:00:00Z', 'callback_requested');
  await db.insertInto('appointments').values({
    external_source: 'pms', external_id: 'V-W1', patient_id: w1.id, location_id: tpa, starts_at: '2026-12-08T15:00:00Z', status: 'scheduled', type: null, first_seen_at: '2026-11-25T15:00:00Z',
  }).execute();
  await call(await patient('W2', tpa, 'hygiene'), '2026-11-24T16:00:00Z', 'declined', 'cost');
  const w3 = await patient('W3', tpa, 'hygiene', '2026-11-26T16:00:00Z');
  await call(w3, '2026-11-23T15:00:00Z', 'no_answer');
  await call(w3, '2026-11-25T15:00:00Z', 'no_answer');
  const w4 = await patient('W4', tpa, 'unscheduled_treatment');
  for (const queue of ['clinical', 'insurance'] as const) {
    await db.insertInto('escalations').values({ case_id: w4.caseId, patient_id: w4.id, queue, reason: 'fixture', due_at: '2026-11-24T20:00:00Z', created_at: '2026-11-24T15:00:00Z' }).execute();
  }
  const w5 = await patient('W5', tpa, 'hygiene');
  await call(w5, '2026-11-27T15:00:00Z', 'wrong_number');
  await db.updateTable('contact_points').set({ is_valid: false, invalid_reason: 'wrong number', invalid_at: '2026-11-27T15:00:00Z' }).where('id', '=', w5.mobile).execute();
  await call(await patient('W6', tpa, 'hygiene'), '2026-11-30T15:00:00Z', 'declined', 'time');
  await call(await patient('X1', phx, 'hygiene'), '2026-11-24T18:00:00Z', 'declined', 'transportation');
  return { tpa, phx };
}

/** The figures of Tampa's week as the PDF prints them, one line each. */
export const tampaLines = [
  'Scheduled 1', 'Unreachable 1', 'Declined 1', 'Escalated 1',
  'Clinical 1', 'Insurance 1', 'Language 0', 'Manager 0',
  'Eligible 6 100.0%', 'Attempted 4 66.7%', 'Reached 2 33.3%', 'Scheduled 1 16.7%', 'Attended 0 0.0%',
  'Top decline and barrier reasons', 'Reason Declined Not ready Opted out Touches', 'Cost 1 0 0 1',
  '1 touch ended in Declined, Not ready or Opted out; 0 without a reason.',
  'No holdout configured: no program holds out patients, so what outreach added is not measured (policy: holdout).',
  'Data problems', '1',
];
