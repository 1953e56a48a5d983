/**
 * The Reports page in Chromium against the real server (embedded database, demo clinic, fixed clock
 * Tue 2026-11-24 10:00 in Tampa), with outcomes recorded over the last weeks so the figures are not
 * zero: a manager finds the Reports link and sees every figure; each figure's table view shows exactly
 * the API's numbers (the test asks the API itself and compares cell by cell, weeks included); a CSV
 * download is exactly its table; no serious or critical axe violation. The front desk has no Reports
 * link and gets 403 from the API. The Policy page's holdout control saves a share and shows the
 * server's message for one out of range.
 */
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import type { ReportSummary } from '../../src/domain/reporting/index.js';
import { demoUsers } from '../../src/use-cases/demo-users.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { recordOutcome } from '../../src/use-cases/record-outcome.js';
import { axeViolations, startBrowserApp, submitSignIn, type BrowserApp } from '../helpers/browser-app.js';

const now = '2026-11-24T15:00:00Z';
const manager = demoUsers.find((u) => u.role === 'manager')!;
const desk = demoUsers.find((u) => u.email.startsWith('desk.tampa'))!;
const coordinator = demoUsers.find((u) => u.role === 'coordinator')!;

// The formats the page promises (src/web/app/src/report-figures.ts says them in words), written out here on their own.
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const n = (v: number) => String(v);
const office = (l: { location: string | null; name: string | null }) => (l.location === null ? 'No office' : `${l.name} (${l.location})`);
const dayBefore = (d: string) => DateTime.fromISO(d, { zone: 'UTC' }).minus({ days: 1 }).toISODate()!;
const band = (r: number | null) => (r === null ? '—' : r < 0.015 ? 'Healthy (under 1.5%)' : r > 0.03 ? 'Alarming (above 3%)' : 'Watch (1.5% to 3%)');
const outcomeLabel: Record<string, string> = {
  scheduled: 'Scheduled', left_message: 'Left message', no_answer: 'No answer', callback_requested: 'Callback requested', declined: 'Declined', wrong_number: 'Wrong number',
  needs_clinical_answer: 'Needs clinical question answered', needs_insurance_review: 'Needs authorization or insurance review', language_support_needed: 'Language support needed',
  escalated_to_clinical: 'Escalated to clinical team', not_ready: 'Not ready — call later', opted_out: 'Opted out',
};
const stages = ['eligible', 'attempted', 'reached', 'scheduled', 'attended'] as const;

interface Problem { patientId: string; location: string | null; kind: string; contactKind: string | null; reason: string | null; at: string }

describe('the Reports page in Chromium', () => {
  let app: BrowserApp;
  let context: BrowserContext;
  let page: Page;
  let timeZones: Record<string, string> = {};

  beforeAll(async () => {
    app = await startBrowserApp({
      clock: fixedClock(now),
      demo: { patients: 90, seed: 16, locations: 2 },
      prepare: async (deps) => {
        await planPatients(deps, { full: true });
        const { db } = deps.store;
        timeZones = Object.fromEntries((await db.selectFrom('locations').select(['external_id', 'time_zone']).execute()).map((l) => [l.external_id, l.time_zone]));
        const staff = await db.selectFrom('users').select(['id', 'email']).where('email', 'in', [desk.email, coordinator.email]).execute();
        const idOf = (email: string) => Number(staff.find((u) => u.email === email)!.id);
        const open = await db.selectFrom('cases as c').innerJoin('patients as p', 'p.id', 'c.patient_id').innerJoin('locations as l', 'l.id', 'c.location_id')
          .select(['p.id', 'p.external_id', 'l.external_id as office']).where('c.state', 'in', ['open', 'waiting']).orderBy('p.id').limit(40).execute();
        const tampa = open.filter((r) => r.office === 'TPA');
        // Reasons on some: the first decline says cost, the second time; "Not ready" gives none.
        const reasons: Record<number, string> = { 0: 'cost', 6: 'time' };
        const plan: [number, string, string, string][] = [
          [0, 'Declined', '2026-11-03T15:00:00Z', desk.email], [1, 'No answer', '2026-11-05T15:00:00Z', desk.email], [2, 'Wrong number', '2026-11-09T16:00:00Z', desk.email],
          [3, 'Scheduled', '2026-11-10T15:00:00Z', desk.email], [4, 'Not ready — call later', '2026-11-12T15:00:00Z', coordinator.email], [5, 'Left message', '2026-11-16T15:00:00Z', coordinator.email],
          [6, 'Declined', '2026-11-18T15:00:00Z', coordinator.email], [7, 'Scheduled', '2026-11-19T15:00:00Z', coordinator.email], [8, 'Wrong number', '2026-11-20T15:00:00Z', coordinator.email],
        ];
        for (const [i, outcome, at, email] of plan) {
          const patient = (i % 2 === 0 ? tampa[i] : open[open.length - 1 - i]) ?? open[i]!;
          await recordOutcome({ ...deps, clock: fixedClock(at) }, { patient: patient.external_id, outcome, actorUserId: idOf(email), channel: 'voice', reason: reasons[i] ?? null });
          if (outcome === 'Scheduled') {
            // The practice system's copy of the visit arrives an hour after the call; one of them has been seen since.
            const seen = new Date(Date.parse(at) + 3_600_000);
            await db.insertInto('appointments').values({
              external_source: 'pms', external_id: `REPORT-${i}`, patient_id: patient.id, starts_at: new Date(Date.parse(at) + 3 * 86_400_000), duration_minutes: 60,
              status: i === 3 ? 'completed' : 'scheduled', type: 'hygiene', created_at: seen, updated_at: seen, first_seen_at: seen,
            }).execute();
          }
        }
      },
    });
    context = await app.browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
    page = await submitSignIn(context, app.baseUrl, manager.email, manager.password);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  }, 300_000);
  afterAll(async () => { await app?.close(); });

  const getJson = <T,>(path: string) => page.evaluate(async (p) => {
    const response = await fetch(p, { headers: { accept: 'application/json' } });
    return { status: response.status, body: await response.json() as unknown };
  }, path) as Promise<{ status: number; body: T }>;

  async function tableOf(id: string): Promise<string[][]> {
    const section = page.locator(`[data-figure="${id}"]`);
    const details = section.locator('details');
    if (!(await details.evaluate((d) => (d as unknown as { open: boolean }).open))) await section.locator('summary').click();
    return section.getByTestId(`${id}-table`).evaluate((table) => [...table.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));
  }

  it('a manager opens Reports and every table shows exactly the API\'s figures', async () => {
    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    await page.getByRole('heading', { name: 'The funnel' }).waitFor();
    await page.locator('[data-figure="weekly"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-figure="data-problems"]').waitFor();

    const { status, body: s } = await getJson<ReportSummary>('/api/reports/summary');
    expect(status).toBe(200);
    expect(s.period).toEqual({ from: '2026-10-26', to: '2026-11-25' });
    expect(s.attempted).toBeGreaterThanOrEqual(8);
    expect(s.scheduled).toBeGreaterThanOrEqual(1);
    expect(s.dataProblems).toBe(2);
    expect(await page.getByTestId('report-period').textContent()).toBe('2026-10-26 through 2026-11-24 · all my offices · all programs');

    const header = (columns: string[]) => [columns];
    expect(await tableOf('funnel')).toEqual([
      ['Stage', 'Patients', 'Share of eligible'],
      ...stages.map((k) => [k[0]!.toUpperCase() + k.slice(1), n(s[k]), pct(s.eligible === 0 ? null : s[k] / s.eligible)]),
    ]);
    expect(s.byLocation.length).toBe(2);
    expect(await tableOf('offices')).toEqual([
      ['Office', 'Eligible', 'Attempted', 'Reached', 'Scheduled', 'Attended', 'Declined', 'Opted out', 'Escalated'],
      ...s.byLocation.map((l) => [office(l), ...stages.map((k) => n(l[k])), n(l.declined), n(l.optedOut), n(l.escalated)]),
    ]);
    // Staff in the API's order (by name), never re-sorted by calls.
    expect(s.byStaff.map((m) => m.name)).toEqual(['Front desk (Tampa)', 'Recall coordinator']);
    const keys = [...new Set(s.byStaff.flatMap((m) => Object.keys(m.outcomes)))].sort();
    expect(await tableOf('staff')).toEqual([
      ['Staff member', 'Touches', 'Calls', 'Connected calls', 'Connect rate', 'Patients touched', 'Patients scheduled', ...keys.map((k) => `Outcome: ${outcomeLabel[k]}`)],
      ...s.byStaff.map((m) => [m.name, n(m.touches), n(m.calls), n(m.connectedCalls), pct(m.connectRate), n(m.patientsTouched), n(m.patientsScheduled), ...keys.map((k) => n(m.outcomes[k] ?? 0))]),
    ]);
    expect(await page.locator('[data-figure="staff"]').textContent()).toContain('Ordered by name, not ranked.');
    expect(await tableOf('opt-outs')).toEqual([
      ['Office', 'Attempted', 'Opted out', 'Opt-out rate', 'Band'],
      ...s.byLocation.map((l) => [office(l), n(l.attempted), n(l.optedOut), pct(l.optOutRate), band(l.optOutRate)]),
      ['All offices', n(s.attempted), n(s.optedOut), pct(s.optOutRate), band(s.optOutRate)],
    ]);
    const barrierKeys = ['declined', 'not_ready', 'callback_requested', 'needs_clinical_answer', 'needs_insurance_review', 'language_support_needed', 'escalated_to_clinical', 'wrong_number', 'opted_out'];
    const barriers = await tableOf('barriers');
    expect(barriers).toEqual([['Outcome', 'Times recorded'], ...barrierKeys.map((k) => [outcomeLabel[k]!, n(s.byOutcome[k] ?? 0)])]);
    expect(barriers.find((r) => r[0] === 'Declined')).toEqual(['Declined', '2']);
    // Every touch is in byOutcome: here all are staff's, so it agrees with the staff figures.
    expect(barrierKeys.map((k) => s.byOutcome[k])).toEqual(barrierKeys.map((k) => s.byStaff.reduce((sum, m) => sum + (m.outcomes[k] ?? 0), 0)));

    // Decline and barrier reasons: every reason, then "Not given", exactly the API's.
    const reasons = await tableOf('reasons');
    expect(reasons).toEqual([
      ['Reason', 'Declined', 'Not ready — call later', 'Opted out', 'Touches'],
      ...s.reasons.map((r) => [r.label, n(r.byOutcome.declined), n(r.byOutcome.not_ready), n(r.byOutcome.opted_out), n(r.touches)]),
    ]);
    expect(reasons.length).toBe(1 + 11);
    expect(reasons.filter((r) => r[4] !== '0').slice(1)).toEqual([['Cost', '1', '0', '0', '1'], ['Time (work or schedule)', '1', '0', '0', '1'], ['Not given', '0', '1', '0', '1']]);

    // Weekly: the API asked once per week of the period, from its first day.
    const weekRows: string[][] = [];
    for (let from = s.period.from; from < s.period.to;) {
      const to = DateTime.fromISO(from, { zone: 'UTC' }).plus({ days: 7 }).toISODate()! < s.period.to ? DateTime.fromISO(from, { zone: 'UTC' }).plus({ days: 7 }).toISODate()! : s.period.to;
      const week = (await getJson<ReportSummary>(`/api/reports/summary?from=${from}&to=${to}`)).body;
      weekRows.push([`${from} to ${dayBefore(to)}`, ...stages.map((k) => n(week[k]))]);
      from = to;
    }
    expect(weekRows.length).toBe(5);
    expect(weekRows.reduce((sum, r) => sum + Number(r[2]), 0)).toBeGreaterThanOrEqual(8);
    expect(await tableOf('weekly')).toEqual([...header(['Week', 'Eligible', 'Attempted', 'Reached', 'Scheduled', 'Attended']), ...weekRows]);

    // Data problems: the list the API gives, each linked to its patient.
    const problems = (await getJson<{ problems: Problem[] }>('/api/reports/data-problems')).body.problems;
    expect(problems.length).toBe(s.dataProblems);
    expect(await tableOf('data-problems')).toEqual([
      ['Patient', 'Office', 'Problem', 'Contact', 'Why', 'When'],
      ...problems.map((p) => [p.patientId, p.location ?? 'No office', p.kind === 'marked_invalid' ? 'Marked invalid' : 'Email hard-bounced', p.contactKind ?? '—', p.reason ?? '—',
        DateTime.fromISO(p.at).setZone(timeZones[p.location ?? ''] ?? 'UTC').toISODate()!]),
    ]);
    const link = page.locator('[data-figure="data-problems"] table a').first();
    expect(await link.getAttribute('href')).toBe(`/patients/${encodeURIComponent(problems[0]!.patientId)}`);

    // The lift: no holdout is configured, and the page says what to do.
    expect(s.lift === null || (Array.isArray(s.lift) && (s.lift as unknown[]).length === 0)).toBe(true);
    expect(await page.getByTestId('lift-empty').textContent()).toBe('No holdout configured: turn on a holdout on the Policy page to measure what outreach adds.');

    // Every chart is drawn (a canvas named for its table) except the data problems list.
    expect(await page.locator('canvas[role="img"]').count()).toBe(7);
    const violations = await axeViolations(page);
    expect(violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
  }, 120_000);

  it('with held-out patients, the lift table shows exactly the API\'s groups, shares and interval', async () => {
    // Draw groups on the open hygiene items (as the planner would have with a holdout on).
    const { db } = app.t.store;
    const items = await db.selectFrom('due_items as d').select(['d.id', 'd.patient_id']).where('d.program_key', '=', 'hygiene').where('d.status', '=', 'open').orderBy('d.id').execute();
    expect(items.length).toBeGreaterThanOrEqual(6);
    for (const [i, item] of items.entries()) {
      await db.updateTable('due_items').set({ outreach_group: i % 3 === 0 ? 'holdout' : 'outreach', outreach_group_at: new Date('2026-10-01T12:00:00Z') }).where('id', '=', item.id).execute();
    }
    await page.reload();
    await page.locator('[data-figure="lift"] table').first().waitFor({ state: 'attached', timeout: 60_000 });
    const { body: s } = await getJson<ReportSummary>('/api/reports/summary');
    expect(s.lift.map((l) => l.program)).toEqual(['hygiene']);
    const [lift] = s.lift;
    expect(lift!.holdout.eligible).toBeGreaterThan(0);
    expect(lift!.outreach.eligible).toBeGreaterThan(0);
    const points = (d: number | null) => (d === null ? '—' : `${(d * 100).toFixed(1)} pts`);
    expect(await tableOf('lift')).toEqual([
      ['Program', 'Outreach: eligible', 'Outreach: scheduled', 'Holdout: eligible', 'Holdout: scheduled', 'Difference', '95% CI', 'Booked visits added (95% CI)', 'Self-credited: all scheduled after a touch (not what outreach added)'],
      ['Hygiene recall', n(lift!.outreach.eligible), pct(lift!.scheduledShare.outreach), n(lift!.holdout.eligible), pct(lift!.scheduledShare.holdout), points(lift!.scheduledShare.difference),
        lift!.scheduledShare.ci95 ? `${points(lift!.scheduledShare.ci95.low)} to ${points(lift!.scheduledShare.ci95.high)}` : '—',
        lift!.addedScheduled ? `${lift!.addedScheduled.estimate} (${lift!.addedScheduled.low} to ${lift!.addedScheduled.high})` : '—', n(lift!.selfCredited.scheduled ?? 0)],
    ]);
    expect(await page.locator('[data-figure="lift"]').textContent()).toContain(lift!.sentence);
  }, 120_000);

  it('a CSV download is exactly its table', async () => {
    for (const id of ['funnel', 'staff', 'data-problems', 'reasons']) {
      const table = await tableOf(id);
      const title = (await page.locator(`[data-figure="${id}"] h2`).textContent())!;
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Download CSV: ${title}` }).click()]);
      const text = readFileSync((await download.path())!, 'utf8');
      expect(text.endsWith('\r\n')).toBe(true);
      const rows = text.slice(0, -2).split('\r\n').map(parseCsvLine);
      expect(rows).toEqual(table);
    }
  });

  it('filters by office: the figures are that office\'s', async () => {
    await page.getByLabel('Office', { exact: true }).last().selectOption('TPA');
    await page.getByLabel('From').fill('2026-11-01');
    await page.getByLabel('Through (included)').fill('2026-11-30');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.getByTestId('report-period').filter({ hasText: '2026-11-01 through 2026-11-30' }).waitFor();
    const s = (await getJson<ReportSummary>('/api/reports/summary?from=2026-11-01&to=2026-12-01&location=TPA')).body;
    expect(s.byLocation.map((l) => l.location)).toEqual(['TPA']);
    expect((await tableOf('funnel')).slice(1).map((r) => r[1])).toEqual(stages.map((k) => n(s[k])));
  });

  it('the front desk has no Reports link and gets 403 from the API', async () => {
    const deskContext = await app.browser.newContext();
    const deskPage = await submitSignIn(deskContext, app.baseUrl, desk.email, desk.password);
    await deskPage.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await deskPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).count()).toBe(0);
    const answer = await deskPage.evaluate(async () => {
      const response = await fetch('/api/reports/summary', { headers: { accept: 'application/json' } });
      return { status: response.status, body: await response.json() as { error: { code: string; message: string } } };
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: 'forbidden', message: 'Your role (front_desk) does not allow this (reports.read).' });
    await deskPage.goto(`${app.baseUrl}/reports`);
    await deskPage.getByRole('heading', { name: 'Reports are for managers' }).waitFor();
    await deskContext.close();
  });

  it('the Policy page turns on a holdout share and refuses one out of range with the server\'s words', async () => {
    await page.getByRole('link', { name: 'Policy', exact: true }).click();
    const form = page.getByRole('form', { name: 'Holdout: measure what outreach adds' });
    await form.waitFor();
    const group = form.getByRole('group', { name: 'Hygiene recall' });
    await group.getByLabel('Hold out some patients').check();
    await group.getByLabel('Share held out (%)').fill('20');
    await form.getByRole('button', { name: 'Save holdout' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('The policy was not saved: holdout.hygiene is 0.2: must be a share from 0.05 to 0.1 (5%–10%), or null to switch the holdout off');
    expect(await group.getByLabel('Share held out (%)').getAttribute('aria-invalid')).toBe('true');
    await group.getByLabel('Share held out (%)').fill('7');
    await form.getByRole('button', { name: 'Save holdout' }).click();
    await form.getByText('Saved. Patients who become due from now on are drawn with these shares.').waitFor();
    expect((await getJson<{ holdout: Record<string, number> }>('/api/policy')).body.holdout).toEqual({ hygiene: 0.07 });
    const violations = await axeViolations(page);
    expect(violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
  });
});

/** One CSV line (RFC 4180 quoting; no line breaks inside these cells). */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { cells.push(cell); cell = ''; } else cell += c;
  }
  cells.push(cell);
  return cells;
}
