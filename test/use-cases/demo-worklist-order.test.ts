/**
 * The demo clinic's front desk in Tampa at 10:30 on a Tuesday: the top of the worklist is the work
 * most likely to book. No row in the top twenty is work past its active window while fresher work
 * exists further down; the stale work is still on the list, last, and worked as reactivation.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { isPastActiveWindow } from '../../src/domain/cases/index.js';
import { defaultRankingPolicy } from '../../src/domain/policy/index.js';
import { buildWorklist, type Worklist } from '../../src/use-cases/build-worklist.js';
import { loadDemoClinic } from '../../src/use-cases/load-demo-clinic.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';

const log = pino({ level: 'silent' });
// Tuesday 2026-11-24, 10:30 in Tampa (America/New_York).
const at = new Date('2026-11-24T15:30:00Z');
const today = '2026-11-24';

describe.each(backends)('the demo desk\'s worklist order on %s', (backend) => {
  let t: TestStore;
  let list: Worklist;

  beforeAll(async () => {
    t = await openTestStore(backend);
    const deps = { store: t.store, clock: fixedClock(at), log };
    // The clinic a first run loads (serve.ts: 2,000 patients, seed 42, three offices).
    await loadDemoClinic(deps, { patients: 2000, seed: 42, locations: 3 });
    await planPatients(deps, { full: true });
    list = await buildWorklist(deps, { location: 'TPA', limit: 500 });
  }, 240_000);
  afterAll(async () => {
    await t.dispose();
  });

  it('the top twenty hold no work past its active window, while stale work waits at the bottom of a long list', () => {
    const top = list.rows.slice(0, 20);
    expect(top).toHaveLength(20);
    for (const row of top) {
      expect(row.band.key, `${row.rank}: ${row.why}`).not.toBe('past_window');
      // Each top row has a fresh reason to call about.
      expect(row.reasons.some((r) => !isPastActiveWindow({ programKey: r.program, dueOn: r.dueDate }, today, defaultRankingPolicy)), `${row.rank}: ${row.why}`).toBe(true);
    }
    const stale = list.rows.filter((r) => r.band.key === 'past_window');
    expect(stale.length).toBeGreaterThan(0);
    const firstStale = list.rows.findIndex((r) => r.band.key === 'past_window');
    // Below every fresh row that can be called now.
    expect(list.rows.slice(firstStale).filter((r) => r.contactableNow && r.band.key !== 'past_window')).toEqual([]);
  });

  it('stale treatment is worked as reactivation: the gentle call, not "call (day 7)" for a plan presented long ago', () => {
    const staleTreatment = list.rows.filter((r) => r.band.key === 'past_window' && r.reasons.some((x) => x.program === 'unscheduled_treatment'));
    expect(staleTreatment.length).toBeGreaterThan(0);
    for (const row of staleTreatment) {
      expect(row.nextStep, row.why).not.toMatch(/day 7|day 14|day 30/);
      expect(row.scriptKey).toBe('reactivation_soft');
    }
  });

  it('the Reactivation segment holds lapsed patients and stale work alike', async () => {
    const deps = { store: t.store, clock: fixedClock(at), log };
    const segment = await buildWorklist(deps, { location: 'TPA', limit: 500, segment: 'reactivation' });
    expect(segment.rows.some((r) => r.reasons.some((x) => x.program === 'reactivation'))).toBe(true);
    expect(segment.rows.some((r) => r.band.key === 'past_window' && r.reasons.every((x) => x.program !== 'reactivation'))).toBe(true);
    expect(segment.rows.length).toBe(segment.counts.reactivation);
  });

  it('the bands come in the policy\'s order, and every row\'s why opens with its band', () => {
    const ranks = list.rows.filter((r) => r.contactableNow).map((r) => r.band.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    for (const row of list.rows) expect(row.why.startsWith(`band ${row.band.rank}: ${row.band.reason}`)).toBe(true);
  });
});
