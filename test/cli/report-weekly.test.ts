/**
 * `recare report weekly`: writes the week's PDF (the last complete week before --at by default), with
 * the week's counts; `recare report` keeps working beside it; a bad week or file name exits 2 and says
 * what is allowed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { readPdf } from '../channels/pdf-text.js';
import { captureIo } from '../helpers/capture-io.js';
import { createDataDir } from '../helpers/databases.js';

// Monday 30 November 2026, 08:00 in Tampa.
const monday = '2026-11-30T13:00:00Z';

describe('recare report weekly', () => {
  const data = createDataDir();
  const run = async (...args: string[]) => {
    const io = captureIo();
    const code = await runCli([...args, '--data', data.dir], io);
    return { code, out: io.out(), err: io.err() };
  };

  beforeAll(async () => {
    const demo = await run('demo', '--patients', '60', '--seed', '7', '--locations', '1');
    expect(demo.code, demo.err).toBe(0);
    expect((await run('plan', '--full')).code).toBe(0);
    const list = JSON.parse((await run('worklist', '--json', '--limit', '1')).out) as { rows: { patientId: string }[] };
    const outcome = await run('outcome', '--patient', list.rows[0]!.patientId, '--outcome', 'Declined', '--at', '2026-11-24T16:00:00Z');
    expect(outcome.code, outcome.err).toBe(0);
  });
  afterAll(() => data.remove());

  it("writes last week's PDF for the office, with the week's decline", async () => {
    const out = join(data.dir, 'weekly.pdf');
    const result = await run('report', 'weekly', '--out', out, '--location', 'TPA', '--at', monday);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/^Weekly report 2026-W48 \(2026-11-23 to the Sunday before 2026-11-30\) · TPA → .*weekly\.pdf \([\d,]+ bytes\)\n$/);
    const lines = (await readPdf(readFileSync(out))).pages.flatMap((p) => p.text.split('\n'));
    expect(lines[0]).toBe('Weekly recall report · 2026-W48');
    expect(lines).toEqual(expect.arrayContaining(['Declined 1', 'No holdout configured: no program holds out patients, so what outreach added is not measured (policy: holdout).']));
    expect(lines.find((l) => l.startsWith('Attempted '))).toMatch(/^Attempted 1 \d+\.\d%$/);
  });

  it('takes --week, and leaves `recare report` and its options as they were', async () => {
    const out = join(data.dir, 'w47.pdf');
    const result = await run('report', 'weekly', '--week', '2026-W47', '--out', out, '--at', monday);
    expect(result.code, result.err).toBe(0);
    const lines = (await readPdf(readFileSync(out))).pages.flatMap((p) => p.text.split('\n'));
    expect(lines.slice(0, 2)).toEqual(['Weekly recall report · 2026-W47', 'Every office']);
    expect(lines).toContain('Declined 0');
    const summary = await run('report', '--json', '--from', '2026-11-23', '--to', '2026-11-30', '--location', 'TPA', '--at', monday);
    expect(summary.code, summary.err).toBe(0);
    expect(JSON.parse(summary.out)).toMatchObject({ period: { from: '2026-11-23', to: '2026-11-30' }, declined: 1 });
    const help = await run('report', '--help');
    expect(help.out).toMatch(/^ {2}weekly \[options\] +The weekly report of an ISO week as a PDF/m);
  });

  it('refuses a week that is not YYYY-Www and a file that is not .pdf, with exit code 2', async () => {
    const badWeek = await run('report', 'weekly', '--week', '2026-w48', '--out', join(data.dir, 'x.pdf'));
    expect(badWeek.code).toBe(2);
    expect(badWeek.err).toBe('recare: week is "2026-w48"; allowed: an ISO week YYYY-Www, e.g. 2026-W49.\n');
    const notPdf = await run('report', 'weekly', '--out', join(data.dir, 'x.txt'));
    expect(notPdf.code).toBe(2);
    expect(notPdf.err).toBe(`recare: --out "${join(data.dir, 'x.txt')}" does not end in .pdf; the weekly report is a PDF, e.g. --out weekly.pdf\n`);
    expect(existsSync(join(data.dir, 'x.pdf'))).toBe(false);
  });
});
