/**
 * The Locations page in Chromium (issue 14), at tablet width (820×1180): before Tampa opens on Tue
 * 2026-11-24 (06:30 EST, pinned), the administrator's worklist says the day's work starts at 08:00.
 * The administrator opens Tuesday at 10:00 instead and saves; the page says how many planned cases
 * moved, the audit log has the change, and the worklist now says the work starts at 10:00. A manager
 * sees the same page read-only. The page fits the tablet width and has no critical axe violation.
 */
import { sql } from 'kysely';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { demoUsers } from '../../src/use-cases/demo-users.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { axeViolations, startBrowserApp, submitSignIn, type BrowserApp } from '../helpers/browser-app.js';

const tablet = { width: 820, height: 1180 };
const now = '2026-11-24T11:30:00.000Z'; // Tue 06:30 in Tampa (EST)
const tue0800 = '2026-11-24T13:00:00.000Z';
const tue1000 = '2026-11-24T15:00:00.000Z';
const demo = (role: string) => demoUsers.find((u) => u.role === role)!;

describe('Locations administration page in Chromium', () => {
  let app: BrowserApp;
  let context: BrowserContext;
  let admin: Page;
  let expectedMoves: number;

  async function signIn(ctx: BrowserContext, email: string, password: string): Promise<Page> {
    const page = await submitSignIn(ctx, app.baseUrl, email, password);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    return page;
  }
  async function nextWork(page: Page): Promise<string> {
    await page.getByRole('link', { name: 'Worklist', exact: true }).click();
    const next = page.getByTestId('next-work');
    await next.waitFor();
    return (await next.locator('strong').textContent()) ?? '';
  }

  beforeAll(async () => {
    app = await startBrowserApp({
      clock: fixedClock(now),
      demo: { patients: 120, seed: 8, locations: 1 },
      prepare: async (deps) => {
        await planPatients(deps, { full: true });
        // Before opening: nothing is due yet; what was overdue comes up at today's opening.
        await sql`update cases set next_action_at = ${tue0800}::timestamptz where next_action_at <= ${now}::timestamptz and state not in ('closed', 'scheduled')`.execute(deps.store.db);
      },
    });
    const counted = await sql<{ n: number }>`
      select count(*)::int as n from cases where state not in ('closed', 'scheduled') and coalesce(next_step, '') <> 'callback'
        and next_action_at >= ${now}::timestamptz and next_action_at < ${tue1000}::timestamptz`.execute(app.t.store.db);
    expectedMoves = counted.rows[0]!.n;
    expect(expectedMoves).toBeGreaterThan(1);
    context = await app.browser.newContext({ viewport: tablet, bypassCSP: true });
  });
  afterAll(async () => app?.close());

  it('an administrator opens Tuesday at 10:00 and the day\'s planned work moves from 08:00 to 10:00', async () => {
    admin = await signIn(context, demo('admin').email, demo('admin').password);
    const before = await nextWork(admin);
    const count = before.match(/^Next: (\d+) cases from Tue 08:00 \(Tampa\)\.$/)?.[1];
    expect(count, before).toBeDefined();

    await admin.getByRole('link', { name: 'Locations', exact: true }).click();
    const form = admin.getByRole('form', { name: 'Sunrise Dental – Tampa (TPA)' });
    await form.waitFor();
    const opens = form.getByLabel('Tuesday opens');
    expect(await opens.inputValue()).toBe('08:00');
    await opens.fill('10:00');
    await form.getByRole('button', { name: 'Save TPA' }).click();
    await expect.poll(() => admin.getByTestId('locations-notice').textContent())
      .toBe(`Saved Sunrise Dental – Tampa: hours and closures. ${expectedMoves} planned cases moved into the new hours.`);
    expect(await admin.getByRole('form', { name: 'Sunrise Dental – Tampa (TPA)' }).getByLabel('Tuesday opens').inputValue()).toBe('10:00');

    const widths = await admin.locator('html').evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(widths.scrollWidth).toBeLessThanOrEqual(widths.clientWidth);
    expect((await axeViolations(admin)).filter((v) => v.impact === 'critical')).toEqual([]);

    expect(await nextWork(admin)).toBe(`Next: ${count} cases from Tue 10:00 (Tampa).`);
    const audit = await app.t.store.db.selectFrom('audit_events').select(['action', 'details']).where('action', '=', 'location.update').execute();
    expect(audit).toEqual([{ action: 'location.update', details: { fields: ['hours'], casesMoved: expectedMoves } }]);
  });

  it('bad input is refused with what was given and what is allowed, and nothing is saved', async () => {
    await admin.getByRole('link', { name: 'Locations', exact: true }).click();
    const form = admin.getByRole('form', { name: 'Sunrise Dental – Tampa (TPA)' });
    await form.getByLabel('Caller ID').fill('813-274-0199');
    await form.getByRole('button', { name: 'Save TPA' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent())
      .toBe('Location change is not valid: callerId "813-274-0199": is not an E.164 phone number; use + and the country code with digits only, e.g. "+18135550100"');
    expect(await app.t.store.db.selectFrom('audit_events').select('id').where('action', '=', 'location.update').execute()).toHaveLength(1);
  });

  it('a manager sees the offices read-only', async () => {
    const managerContext = await app.browser.newContext({ viewport: tablet, bypassCSP: true });
    const manager = await signIn(managerContext, demo('manager').email, demo('manager').password);
    await manager.getByRole('link', { name: 'Locations', exact: true }).click();
    const form = manager.getByRole('form', { name: 'Sunrise Dental – Tampa (TPA)' });
    await form.waitFor();
    expect(await form.getByLabel('Tuesday opens').inputValue()).toBe('10:00');
    expect(await form.getByLabel('Tuesday opens').isDisabled()).toBe(true);
    expect(await form.getByRole('button', { name: 'Save TPA' }).count()).toBe(0);
    expect(await manager.getByText('Only an administrator changes offices.', { exact: false }).count()).toBe(1);
    expect((await axeViolations(manager)).filter((v) => v.impact === 'critical')).toEqual([]);
    await managerContext.close();
  });
});
