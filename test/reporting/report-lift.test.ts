/**
 * The summary's lift, end to end on both backends: a hand-built clinic whose hygiene items were drawn
 * into the outreach and holdout groups (stored on the items), with known bookings first seen in and
 * after the period. Each group's eligible, booked and attended counts are asserted exactly; booking is
 * decided without a touch in both groups (held-out patients have none); a booking first seen before the
 * period or after the attribution window does not count; the interval is the one computed
 * independently from the same counts; a held-out patient called for another program stays in the
 * holdout (intention to treat); the self-credited figure is the touch-based "scheduled"; and a program without held-out items
 * has no lift row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { loadPrograms } from '../../src/db/queries/recall-programs.js';
import { newcombeDifference } from '../../src/domain/reporting/lift-interval.js';
import { readReportSummary } from '../../src/use-cases/reports/read-report-summary.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';

const now = '2026-12-20T15:00:00.000Z';
const period = { from: '2026-11-01', to: '2026-12-01' };

describe.each(backends)('the lift in the report summary on %s', (backend) => {
  let t: TestStore;

  beforeAll(async () => {
    t = await openTestStore(backend);
    const { db } = t.store;
    await loadPrograms(db); // stores the default programs
    const programIds = new Map((await db.selectFrom('recall_programs').select(['id', 'key']).execute()).map((r) => [r.key, r.id]));
    const tpa = (await db.insertInto('locations').values({ external_id: 'TPA', name: 'Tampa', time_zone: 'America/New_York', state: 'FL', hours: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
    let n = 0;
    const patient = async (program: string, group: 'outreach' | 'holdout' | null, visit?: { firstSeen: string; status: 'scheduled' | 'completed' }, touched = false, alsoDue?: string) => {
      n += 1;
      const id = (await db.insertInto('patients').values({ external_id: `L${n}`, first_name: 'Test', last_name: `L${n}`, home_location_id: tpa }).returning('id').executeTakeFirstOrThrow()).id;
      const caseId = (await db.insertInto('cases').values({ patient_id: id, location_id: tpa, state: 'open', opened_at: new Date('2026-10-01T12:00:00Z') }).returning('id').executeTakeFirstOrThrow()).id;
      await db.insertInto('due_items').values({
        patient_id: id, program_id: programIds.get(program)!, program_key: program, case_id: caseId, source: 'computed', anchor: 'a', due_on: '2026-11-01',
        window_start: '2026-11-01', window_end: null, evidence: 'fixture', status: 'open', opened_at: new Date('2026-10-01T12:00:00Z'),
        outreach_starts_at: new Date('2026-11-01T12:00:00Z'), outreach_ends_at: null,
        outreach_group: group, outreach_group_at: group ? new Date('2026-10-01T12:00:00Z') : null,
      }).execute();
      if (alsoDue) {
        await db.insertInto('due_items').values({
          patient_id: id, program_id: programIds.get(alsoDue)!, program_key: alsoDue, case_id: caseId, source: 'computed', anchor: 'b', due_on: '2026-11-15',
          window_start: '2026-11-15', window_end: null, evidence: 'fixture', status: 'open', opened_at: new Date('2026-10-01T12:00:00Z'),
          outreach_starts_at: new Date('2026-11-15T12:00:00Z'), outreach_ends_at: null,
        }).execute();
      }
      if (touched) {
        await db.insertInto('attempts').values({ case_id: caseId, patient_id: id, channel: 'voice', direction: 'out', actor_kind: 'staff', outcome: 'left_message', occurred_at: '2026-11-03T14:00:00Z' }).execute();
      }
      if (visit) {
        await db.insertInto('appointments').values({
          external_source: 'pms', external_id: `V${id}`, patient_id: id, location_id: tpa, starts_at: new Date(Date.parse(visit.firstSeen) + 3 * 86_400_000),
          status: visit.status, type: null, first_seen_at: visit.firstSeen,
        }).execute();
      }
    };
    // Outreach group, 10 patients, all touched: 6 booked (2 of them attended), one booked after the window, one before the period.
    for (let i = 0; i < 4; i++) await patient('hygiene', 'outreach', { firstSeen: '2026-11-10T15:00:00Z', status: 'scheduled' }, true);
    for (let i = 0; i < 2; i++) await patient('hygiene', 'outreach', { firstSeen: '2026-11-12T15:00:00Z', status: 'completed' }, true);
    await patient('hygiene', 'outreach', { firstSeen: '2026-12-20T15:00:00Z', status: 'scheduled' }, true); // 19 days after the period: not booked
    await patient('hygiene', 'outreach', { firstSeen: '2026-10-20T15:00:00Z', status: 'scheduled' }, true); // before the period: not booked
    for (let i = 0; i < 2; i++) await patient('hygiene', 'outreach', undefined, true);
    // Holdout group, 5 patients, never touched: 1 booked on their own, in the window after the period (counted).
    await patient('hygiene', 'holdout', { firstSeen: '2026-12-10T15:00:00Z', status: 'scheduled' });
    for (let i = 0; i < 4; i++) await patient('hygiene', 'holdout');
    // A held-out patient also due for an exam is called for it and books: intention to treat keeps them in the holdout.
    await patient('hygiene', 'holdout', { firstSeen: '2026-11-10T15:00:00Z', status: 'scheduled' }, true, 'periodic_exam');
    // Items drawn before any holdout (no group), and another program without a holdout: in neither group.
    await patient('hygiene', null, { firstSeen: '2026-11-10T15:00:00Z', status: 'scheduled' }, true);
    await patient('periodic_exam', null, { firstSeen: '2026-11-10T15:00:00Z', status: 'scheduled' }, true);
  }, 120_000);
  afterAll(async () => { await t?.dispose(); });

  it('counts each group by the same touch-free rule and gives Newcombe\'s interval for the difference', async () => {
    const summary = await readReportSummary({ store: t.store, clock: fixedClock(now) }, period);
    expect(summary.lift).toHaveLength(1);
    const [hygiene] = summary.lift;
    expect(hygiene).toMatchObject({ program: 'hygiene', outreach: { eligible: 10, scheduled: 6, attended: 2 }, holdout: { eligible: 6, scheduled: 2, attended: 0 } });
    const expected = newcombeDifference(6, 10, 2, 6)!;
    expect(hygiene!.scheduledShare.difference).toBeCloseTo(0.6 - 2 / 6, 12);
    expect(hygiene!.scheduledShare.ci95).toEqual({ low: expected.low, high: expected.high });
    // The touch-based figure for the whole program: the six outreach bookings, the ungrouped one and the one also due for an exam.
    expect(hygiene!.selfCredited.scheduled).toBe(8);
    expect(summary.byProgram.find((p) => p.program === 'hygiene')?.scheduled).toBe(8);
  });

  it('has no lift row for a program without held-out items, nor when asked about that program alone', async () => {
    const exam = await readReportSummary({ store: t.store, clock: fixedClock(now) }, { ...period, program: 'periodic_exam' });
    expect(exam.lift).toEqual([]);
    expect(exam.scheduled).toBe(2);
  });
});
