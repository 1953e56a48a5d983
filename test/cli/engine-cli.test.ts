/**
 * `recare plan`, `worklist`, `explain` and `outcome` in-process on a small demo clinic (embedded
 * database): the demo load plans at once, the worklist's JSON carries reasons and why, explain says
 * why a patient is left off, and an outcome moves a case. "Now" is pinned (captureIo) to a Tuesday
 * inside every demo office's hours; each test reads the list it needs itself, so any one runs alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIo } from '../helpers/capture-io.js';
import { createDataDir } from '../helpers/databases.js';

interface Row {
  rank: number; caseId: number; patientId: string; reasons: { program: string; dueDate: string }[]; why: string; nextStep: string;
  contactableNow: boolean; nextContactAt: string | null; suggestedChannel: string;
  language: string; daysOverdue: number; lastAttempt: { at: string; channel: string; outcome: string } | null;
}

describe('engine commands on the embedded database', () => {
  const data = createDataDir();
  const run = async (...args: string[]) => {
    const io = captureIo();
    const code = await runCli([...args, '--data', data.dir], io);
    return { code, out: io.out(), err: io.err() };
  };
  const worklist = async (...args: string[]) => {
    const result = await run('worklist', '--json', ...args);
    expect(result.code, result.err).toBe(0);
    return JSON.parse(result.out) as { counts: Record<string, number>; rows: Row[] };
  };

  beforeAll(async () => {
    const demo = await run('demo', '--patients', '200', '--seed', '5', '--locations', '2');
    expect(demo.code, demo.err).toBe(0);
    expect(demo.out).toMatch(/Planned 200 patients \(full\) in [\d.]+ s: \d+ cases opened/);
  });
  afterAll(() => data.remove());

  it('`recare worklist --json` returns ranked rows with patientId, reasons, why, next step and the gate\'s answer', async () => {
    const list = await worklist('--limit', '25');
    const rows = list.rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(25);
    expect(list.counts.total).toBeGreaterThanOrEqual(rows.length);
    expect(rows.map((r) => r.rank)).toEqual(rows.map((_r, i) => i + 1));
    for (const row of rows) {
      expect(row.patientId).toMatch(/^D\d{7}$/);
      expect(row.reasons.length).toBeGreaterThan(0);
      for (const reason of row.reasons) {
        expect(reason.program).toMatch(/^[a-z_]+$/);
        expect(reason.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      expect(row.why).toMatch(/\(urgency \d+\)/);
      expect(row.nextStep.length).toBeGreaterThan(0);
      expect(typeof row.contactableNow).toBe('boolean');
      if (row.contactableNow) expect(row.nextContactAt).toBeNull();
    }
  });

  it('`recare worklist` prints the segment counts and one line per row; bad flags say what is allowed', async () => {
    const text = await run('worklist', '--location', 'TPA', '--limit', '5');
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/^Worklist · TPA · front desk · /);
    expect(text.out).toMatch(/\d+ actionable — due \d+ · overdue \d+ · unscheduled treatment \d+ · reactivation \d+ · callbacks \d+ · escalations \d+/);
    const bad = await run('worklist', '--segment', 'urgent');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--segment "urgent" is not allowed; use one of due, overdue, unscheduled_treatment, reactivation, callbacks, escalations');
    const nowhere = await run('worklist', '--location', 'NYC');
    expect(nowhere.code).toBe(1);
    expect(nowhere.err).toContain('No office "NYC" is visible here; offices: TPA, AUS');
  });

  it('`recare explain` explains a patient left off the list, item by item', async () => {
    const listed = new Set((await worklist('--limit', '500')).rows.map((r) => r.patientId));
    let leftOff: { patientId: string; verdict: { code: string; message: string } } | undefined;
    for (let n = 1; n <= 60 && !leftOff; n++) {
      const id = `D${String(n).padStart(7, '0')}`;
      if (listed.has(id)) continue;
      const result = await run('explain', '--patient', id, '--json');
      if (result.code !== 0) continue;
      const e = JSON.parse(result.out) as { patientId: string; onWorklist: boolean; verdict: { code: string; message: string } };
      if (!e.onWorklist) leftOff = e;
    }
    expect(leftOff).toBeDefined();
    const text = await run('explain', '--patient', leftOff!.patientId);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain(leftOff!.verdict.message);
    expect(text.out).toMatch(/Not on the worklist/);
    // Every enabled program answers, item by item.
    for (const name of ['Hygiene recall', 'Periodic exam', 'Reactivation', 'Post-op check']) expect(text.out).toContain(`  - ${name}: `);
    const unknown = await run('explain', '--patient', 'NOPE-1');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('No patient has the id "NOPE-1"');
  });

  it('`recare outcome` records an outcome on a listed patient\'s case and takes it off the list until its next step', async () => {
    const first = (await worklist('--limit', '1')).rows[0];
    expect(first, 'the pinned morning has cases on the list').toBeDefined();
    if (!first) return;
    const result = await run('outcome', '--patient', first.patientId, '--outcome', 'No answer', '--note', 'rang out');
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(new RegExp(`^${first.patientId} · case #${first.caseId} · No answer: No answer: next .+\\. Case is now waiting, next action \\d{4}-`));
    const after = await worklist('--limit', '500');
    expect(after.rows.some((r) => r.patientId === first.patientId)).toBe(false);
    // Once it is back on the list (its next step's time), the row shows that last attempt.
    const later = await worklist('--limit', '500', '--at', '2027-01-15T15:00:00Z');
    const back = later.rows.find((r) => r.patientId === first.patientId);
    expect(back?.lastAttempt).toMatchObject({ channel: 'voice', outcome: 'no_answer' });
    expect(back?.language).toMatch(/^(en|es)$/);
    expect(back?.daysOverdue).toBeGreaterThanOrEqual(0);
    const bad = await run('outcome', '--patient', first.patientId, '--outcome', 'Busy');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"Busy" is not an outcome; use one of: "Scheduled", "Left message", "No answer"');
  });

  it('`recare plan` re-plans changed patients (none) and everyone with --full', async () => {
    const incremental = await run('plan');
    expect(incremental.code, incremental.err).toBe(0);
    expect(incremental.out).toMatch(/^Planned 0 patients \(incremental\)/);
    const full = await run('plan', '--full', '--json');
    expect(full.code, full.err).toBe(0);
    expect(JSON.parse(full.out)).toMatchObject({ mode: 'full', patients: 200, cases: { opened: 0, reopened: 0 } });
  });

  it('`recare dispatch --dry-run` sends nothing and names what the pass then sends; `--at` runs one pass and prints its counts', async () => {
    // Three weeks on, a Tuesday morning: the first calls' cadences have reached their text and email steps.
    const at = '2026-12-15T15:00:00Z';
    const dry = await run('dispatch', '--dry-run', '--at', at, '--json');
    expect(dry.code, dry.err).toBe(0);
    const preview = JSON.parse(dry.out) as { at: string; messages: { key: string; wouldSend: boolean; reason: string | null }[] };
    expect(preview.at).toBe(new Date(at).toISOString());
    expect(preview.messages.filter((m) => m.wouldSend).length).toBeGreaterThan(0);
    for (const m of preview.messages) expect(m.wouldSend ? m.reason : typeof m.reason).toBe(m.wouldSend ? null : 'string');
    const again = JSON.parse((await run('dispatch', '--dry-run', '--at', at, '--json')).out) as typeof preview;
    expect(again.messages).toEqual(preview.messages);

    const pass = await run('dispatch', '--at', at, '--json');
    expect(pass.code, pass.err).toBe(0);
    const summary = JSON.parse(pass.out) as { queued: number; claimed: number; paused: boolean; results: Record<string, number> };
    expect(summary.paused).toBe(false);
    expect(summary.results.sent).toBe(preview.messages.filter((m) => m.wouldSend).length);
    expect(summary.claimed).toBe(preview.messages.length);
  });
});
