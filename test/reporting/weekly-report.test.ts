/**
 * The weekly report of a week built by hand (weekly-fixture.ts): the PDF, read back with pdfjs, holds
 * the week's counts exactly, for the office asked about only; a bad week is refused with what was
 * given and the allowed form.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfWeeklyReportPrinter } from '../../src/channels/report/weekly-report-pdf.js';
import { fixedClock } from '../../src/clock.js';
import { buildWeeklyReport } from '../../src/use-cases/reports/weekly-report.js';
import { readReportSummary } from '../../src/use-cases/reports/read-report-summary.js';
import { readPdf } from '../channels/pdf-text.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { buildWeek, tampaLines, week } from './weekly-fixture.js';

const log = pino({ level: 'silent' });
// Monday 30 November, 08:00 in Tampa: the week before is the last complete one.
const now = '2026-11-30T13:00:00.000Z';

describe.each(backends)('weekly report on %s', (backend) => {
  let t: TestStore;
  const deps = () => ({ store: t.store, clock: fixedClock(now), log, reportPrinter: pdfWeeklyReportPrinter });

  beforeAll(async () => {
    t = await openTestStore(backend);
    await buildWeek(t.store.db);
  });
  afterAll(async () => t?.dispose());

  it("prints Tampa's week: the outcomes, the funnel, no holdout and the data problems", async () => {
    const report = await buildWeeklyReport(deps(), { week, location: 'TPA' });
    expect(report.week).toEqual({ week: '2026-W48', monday: '2026-11-23', nextMonday: '2026-11-30' });
    expect(report.filename).toBe('recare-weekly-TPA-2026-W48.pdf');
    const pdf = await readPdf(report.pdf);
    const lines = pdf.pages.flatMap((p) => p.text.split('\n'));
    expect(lines.slice(0, 3)).toEqual(['Weekly recall report · 2026-W48', 'Tampa (TPA)', 'Monday 23 November to Sunday 29 November 2026 · Printed 2026-11-30 08:00 (America/New_York)']);
    for (const line of tampaLines) expect(lines).toContain(line);
    // Phoenix's decline and next week's are not Tampa's reasons.
    expect(lines.filter((l) => /^(Transportation|Time) /.test(l))).toEqual([]);
    expect(pdf.info.Title).toBe('Recare: Weekly recall report · 2026-W48');
    // The same figures the summary gives for the week; no patient id or name is printed.
    const summary = await readReportSummary(deps(), { from: '2026-11-23', to: '2026-11-30', location: 'TPA' });
    expect(summary).toMatchObject({ eligible: 6, attempted: 4, reached: 2, scheduled: 1, attended: 0, declined: 1, unreachable: 1, dataProblems: 1, escalated: { clinical: 1, insurance: 1 } });
    expect(lines.join('\n')).not.toMatch(/W[1-6]\b|X1|Test/);
  });

  it('defaults to the last complete week before now, and keeps each office to its own patients', async () => {
    const report = await buildWeeklyReport(deps(), { location: 'PHX' });
    expect(report.week.week).toBe('2026-W48');
    const lines = (await readPdf(report.pdf)).pages.flatMap((p) => p.text.split('\n'));
    expect(lines).toEqual(expect.arrayContaining(['Phoenix (PHX)', 'Declined 1', 'Eligible 1 100.0%', 'Attempted 1 100.0%', 'Unreachable 0', 'Transportation 1 0 0 1']));
    // Every office: both offices' patients.
    const all = (await readPdf((await buildWeeklyReport(deps(), { week })).pdf)).pages.flatMap((p) => p.text.split('\n'));
    expect(all).toEqual(expect.arrayContaining(['Every office', 'Declined 2', 'Eligible 7 100.0%']));
    // The top reasons, ties in the list's order.
    const reasonRows = all.slice(all.indexOf('Reason Declined Not ready Opted out Touches') + 1, all.indexOf('2 touches ended in Declined, Not ready or Opted out; 0 without a reason.'));
    expect(reasonRows).toEqual(['Cost 1 0 0 1', 'Transportation 1 0 0 1']);
  });

  it('refuses a week that is not YYYY-Www, or that the year does not have, naming what was given', async () => {
    await expect(buildWeeklyReport(deps(), { week: '2026-49', location: 'TPA' })).rejects.toMatchObject({
      code: 'invalid_input', message: 'week is "2026-49"; allowed: an ISO week YYYY-Www, e.g. 2026-W49.',
    });
    await expect(buildWeeklyReport(deps(), { week: '2025-W53' })).rejects.toMatchObject({
      code: 'invalid_input', message: 'week is "2025-W53", which is not a week of 2025 (it has 52 weeks); allowed: an ISO week YYYY-Www, e.g. 2026-W49.',
    });
    await expect(buildWeeklyReport(deps(), { week, location: 'NYC' })).rejects.toMatchObject({
      code: 'invalid_input', message: 'location is "NYC", which is not an office; allowed: TPA, PHX.',
    });
  });
});
