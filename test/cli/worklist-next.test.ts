/**
 * `recare worklist` after hours: with nothing actionable it prints "Next: …" (when and how many, per
 * office), and `--next` prints that coming list read-only — the same rows as `--at <that instant>`.
 * The demo clinic is planned at the pinned "now" (Tue 12:00 Tampa); the evening asked about is the
 * Monday before, 20:30 in Tampa, when no case has come due yet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIo } from '../helpers/capture-io.js';
import { createDataDir } from '../helpers/databases.js';

const mondayEvening = '2026-11-23T20:30:00-05:00';

describe('recare worklist after hours', () => {
  const data = createDataDir();
  const run = async (...args: string[]) => {
    const io = captureIo();
    const code = await runCli([...args, '--data', data.dir], io);
    return { code, out: io.out(), err: io.err() };
  };

  beforeAll(async () => {
    const demo = await run('demo', '--patients', '100', '--seed', '7', '--locations', '2');
    expect(demo.code, demo.err).toBe(0);
  });
  afterAll(() => data.remove());

  it('with nothing actionable, prints the Next line instead of only "Nothing to work"', async () => {
    const text = await run('worklist', '--at', mondayEvening);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/^0 actionable/m);
    // Both offices' first cases came due when the demo was planned: Tue 12:00 in Tampa is 11:00 in Austin.
    expect(text.out).toContain('\nNothing to work now. Next: 20 cases from Tue 12:00 (Tampa); 16 cases from Tue 11:00 (Austin). `recare worklist --next` shows that list (read-only).\n');
  });

  it('--next prints that list read-only: the same rows as --at <that instant>', async () => {
    const json = await run('worklist', '--at', mondayEvening, '--next', '--json');
    expect(json.code, json.err).toBe(0);
    const preview = JSON.parse(json.out) as { preview: string; next: { at: string; total: number; sentence: string }; counts: { total: number }; rows: { caseId: number }[] };
    expect(preview.preview).toBe(preview.next.at);
    expect(preview.next.at).toBe('2026-11-24T17:00:00.000Z');
    expect(preview.counts.total).toBe(preview.next.total);
    expect(preview.rows.length).toBeGreaterThan(0);
    const then = await run('worklist', '--at', preview.next.at, '--json');
    expect((JSON.parse(then.out) as { rows: { caseId: number }[] }).rows.map((r) => r.caseId)).toEqual(preview.rows.map((r) => r.caseId));

    const text = await run('worklist', '--at', mondayEvening, '--next', '--limit', '3');
    expect(text.code, text.err).toBe(0);
    expect(text.out.split('\n')[0]).toBe(`Preview (read-only) of the list as of ${preview.next.at} — ${preview.next.sentence}`);
    expect(text.out).toMatch(/^ {2}1\. D\d{7} · case #\d+/m);
    expect(text.out).not.toContain('Nothing to work');
  });
});
