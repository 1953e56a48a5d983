/**
 * `recare report`: the summary of the last 30 local days by default (today per --at), as JSON equal
 * to the use case's answer, or as text; a bad period, office or program exits 2 naming what is allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { fixedClock } from '../../src/clock.js';
import { openStore } from '../../src/db/open-store.js';
import { readReportSummary } from '../../src/use-cases/reports/read-report-summary.js';
import { captureIo, pinnedNow } from '../helpers/capture-io.js';
import { createDataDir } from '../helpers/databases.js';

describe('recare report', () => {
  const data = createDataDir();
  const run = async (...args: string[]) => {
    const io = captureIo();
    const code = await runCli([...args, '--data', data.dir], io);
    return { code, out: io.out(), err: io.err() };
  };
  let patientId = '';

  beforeAll(async () => {
    const demo = await run('demo', '--patients', '60', '--seed', '7', '--locations', '1');
    expect(demo.code, demo.err).toBe(0);
    expect((await run('plan', '--full')).code).toBe(0);
    const list = JSON.parse((await run('worklist', '--json', '--limit', '1')).out) as { rows: { patientId: string }[] };
    patientId = list.rows[0]!.patientId;
    const outcome = await run('outcome', '--patient', patientId, '--outcome', 'Declined', '--reason', 'cost', '--at', '2026-11-24T16:00:00Z');
    expect(outcome.code, outcome.err).toBe(0);
    expect(outcome.out).toContain(' · Declined (Cost): ');
  });
  afterAll(() => data.remove());

  it('prints the last 30 local days as JSON, the same figures the API gives', async () => {
    const result = await run('report', '--json', '--at', pinnedNow);
    expect(result.code, result.err).toBe(0);
    const printed = JSON.parse(result.out) as Record<string, unknown>;
    expect(printed).toMatchObject({ period: { from: '2026-10-26', to: '2026-11-25' }, attempted: 1, reached: 1, declined: 1, lift: [] });
    expect(printed.eligible).toBeGreaterThan(1);
    expect((printed.reasons as { reason: string; touches: number }[]).filter((r) => r.touches > 0)).toEqual([{ reason: 'cost', label: 'Cost', touches: 1, byOutcome: { declined: 1, not_ready: 0, opted_out: 0 } }]);
    const store = await openStore({ kind: 'pglite', dataDir: data.dir }, { command: 'test' });
    try {
      expect(printed).toEqual(JSON.parse(JSON.stringify(await readReportSummary({ store, clock: fixedClock(pinnedNow) }, {}))));
    } finally {
      await store.close();
    }
  });

  it('prints the funnel as text for one office and period', async () => {
    const result = await run('report', '--from', '2026-11-24', '--to', '2026-11-25', '--location', 'TPA', '--at', pinnedNow);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/^Report · 2026-11-24 to 2026-11-25 \(to excluded\) · TPA · every program$/m);
    expect(result.out).toMatch(/^Funnel {6}eligible \d+ → attempted 1 → reached 1 → scheduled 0 → attended 0$/m);
    expect(result.out).toMatch(/^Outcomes {4}declined 1 · unreachable 0 · opted out 0 · /m);
    expect(result.out).toMatch(/^Reasons {5}cost 1 \(touches that declined, were not ready or opted out\)$/m);
  });

  it('refuses a reason with an outcome that takes none, with exit code 2 and the allowed outcomes', async () => {
    const refused = await run('outcome', '--patient', patientId, '--outcome', 'No answer', '--reason', 'cost', '--at', '2026-11-24T17:00:00Z');
    expect(refused.code).toBe(2);
    expect(refused.err).toBe('recare: A reason goes with "Declined", "Not ready — call later", "Opted out" only; "No answer" takes none (reason "cost" was given).\n');
  });

  it('refuses a backwards period, a date that is not one, an unknown office or program, with exit code 2', async () => {
    const backwards = await run('report', '--from', '2026-11-20', '--to', '2026-11-01');
    expect(backwards.code).toBe(2);
    expect(backwards.err).toBe('recare: The period is empty: from 2026-11-20 is not before to 2026-11-01; the period is [from, to), so to must be a later date (e.g. from 2026-11-20 to 2026-11-21 is one day).\n');
    const notADate = await run('report', '--to', '2026-02-30', '--at', pinnedNow);
    expect(notADate.code).toBe(2);
    expect(notADate.err).toBe('recare: to is "2026-02-30", which is not a date; use YYYY-MM-DD, e.g. 2026-11-24\n');
    const office = await run('report', '--location', 'NYC');
    expect(office.code).toBe(2);
    expect(office.err).toBe('recare: location is "NYC", which is not an office; allowed: TPA.\n');
    const program = await run('report', '--program', 'flossing');
    expect(program.code).toBe(2);
    expect(program.err).toMatch(/^recare: program is "flossing", which is not a recall program; allowed: [a-z_, ]*hygiene[a-z_, ]*\.\n$/);
  });
});
