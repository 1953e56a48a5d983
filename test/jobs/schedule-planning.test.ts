/**
 * The server's planning schedule on a real database: it runs at once and then every interval,
 * picks up queued patients without anyone running `recare plan`, survives a failing run, and stops
 * cleanly (waiting for a run in progress). The timer is fired by hand: no test waits on the clock.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { enqueueReplan } from '../../src/db/queries/plan-writes.js';
import type { JobTimer } from '../../src/jobs/job-timer.js';
import { schedulePlanning } from '../../src/jobs/schedule-planning.js';
import type { PlanResult } from '../../src/use-cases/plan-patients.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';

const log = pino({ level: 'silent' });
const T0 = new Date('2026-11-24T15:00:00Z');

/** A timer fired by hand: `waits` lists the delays asked for; `fire()` runs the pending one and resolves once the job has set its next wait. */
function manualTimer() {
  const waits: number[] = [];
  let pending: { run: () => void; cancelled: boolean } | null = null;
  let onWait: (() => void) | null = null;
  const timer: JobTimer = {
    after(ms, run) {
      waits.push(ms);
      const entry = { run, cancelled: false };
      pending = entry;
      onWait?.();
      return () => {
        entry.cancelled = true;
      };
    },
  };
  return {
    timer,
    waits,
    get pending() {
      return pending !== null && !pending.cancelled;
    },
    /** Runs the pending callback; resolves when the job asks for its next wait. */
    fire(): Promise<void> {
      const entry = pending;
      if (entry === null || entry.cancelled) throw new Error('no timer is pending');
      pending = null;
      const nextWait = new Promise<void>((resolve) => {
        onWait = resolve;
      });
      entry.run();
      return nextWait;
    },
    /** Runs the pending callback and returns at once (a run in progress). */
    fireWithoutWaiting(): void {
      const entry = pending;
      if (entry === null || entry.cancelled) throw new Error('no timer is pending');
      pending = null;
      entry.run();
    },
  };
}

describe.each(backends)('scheduled planning on %s', (backend) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(backend);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('runs at once, then every interval, and plans a queued patient without a manual plan', async () => {
    const tampa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    const p = await seedPatient(t.store, { externalId: 'S-1', locationId: tampa, state: 'FL', zip: '33606', mobile: '+18132340001' });
    await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-01', location_id: tampa }).execute();
    await enqueueReplan(t.store.db, [p.patientId], 'test');

    const timer = manualTimer();
    const runs: PlanResult[] = [];
    const schedule = schedulePlanning({ store: t.store, clock: fixedClock(T0), log }, { everyMs: 40, onRun: (r) => runs.push(r), timer: timer.timer });
    try {
      expect(timer.waits).toEqual([0]);
      await timer.fire();
      await timer.fire();
      expect(timer.waits).toEqual([0, 40, 40]);
    } finally {
      await schedule.stop();
    }
    expect(runs[0]).toMatchObject({ mode: 'incremental', patients: 1, cases: { opened: 1 } });
    // Nothing changed since: the next run has nobody to plan.
    expect(runs[1]).toMatchObject({ mode: 'incremental', patients: 0 });
    const openCase = await t.store.db.selectFrom('cases').select(['state', 'program_keys']).where('patient_id', '=', p.patientId).executeTakeFirst();
    expect(openCase).toEqual({ state: 'open', program_keys: ['hygiene'] });
    // Stopped: the wait it had set is cancelled and no run follows.
    expect(runs.length).toBe(2);
    expect(timer.pending).toBe(false);
  });

  it('a failing run is logged and the next run goes ahead', async () => {
    let calls = 0;
    const failingOnce = {
      ...t.store,
      transaction: ((body: Parameters<typeof t.store.transaction>[0]) => {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error('connection lost'));
        return t.store.transaction(body);
      }) as typeof t.store.transaction,
    };
    const errors: string[] = [];
    const capture = pino({ level: 'error' }, { write: (line: string) => errors.push(JSON.parse(line).msg as string) });
    const timer = manualTimer();
    const runs: PlanResult[] = [];
    const schedule = schedulePlanning({ store: failingOnce, clock: fixedClock(T0), log: capture }, { everyMs: 30, onRun: (r) => runs.push(r), timer: timer.timer });
    try {
      await timer.fire();
      expect(runs).toHaveLength(0);
      await timer.fire();
    } finally {
      await schedule.stop();
    }
    expect(errors).toEqual(['scheduled plan failed; the next run tries again']);
    expect(runs[0]?.mode).toBe('incremental');
  });

  it('stop waits for the run in progress and sets no further wait', async () => {
    const timer = manualTimer();
    const runs: PlanResult[] = [];
    const schedule = schedulePlanning({ store: t.store, clock: fixedClock(T0), log }, { everyMs: 30, onRun: (r) => runs.push(r), timer: timer.timer });
    timer.fireWithoutWaiting();
    await schedule.stop();
    expect(runs).toHaveLength(1);
    expect(timer.waits).toEqual([0]);
    expect(timer.pending).toBe(false);
  });
});
