/**
 * The worklist's order on the Policy page in Chromium at tablet width (issue 14): a manager moves a
 * band up with the keyboard, changes a day setting and an active window, sees the server's message
 * for a value out of range, saves, reloads and finds the new order; the page fits 820 px and has no
 * critical axe violation. The worklist's Why then names the row's band in the new order.
 * Fixed clock: Tue 2026-11-24 10:00 in Tampa.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { defaultRankingPolicy } from '../../src/domain/policy/index.js';
import { demoUsers } from '../../src/use-cases/demo-users.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { axeViolations, startBrowserApp, submitSignIn, type BrowserApp } from '../helpers/browser-app.js';

const tablet = { width: 820, height: 1180 };
const manager = demoUsers.find((u) => u.role === 'manager')!;

describe('the worklist order on the Policy page in Chromium', () => {
  let app: BrowserApp;
  let context: BrowserContext;
  let page: Page;
  const bands = () => page.locator('.band-order li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-band')));
  const section = () => page.getByRole('form', { name: 'Worklist order' });

  beforeAll(async () => {
    app = await startBrowserApp({ clock: fixedClock('2026-11-24T15:00:00Z'), demo: { patients: 60, seed: 8, locations: 2 }, prepare: async (deps) => { await planPatients(deps, { full: true }); } });
    context = await app.browser.newContext({ viewport: tablet, bypassCSP: true });
    page = await submitSignIn(context, app.baseUrl, manager.email, manager.password);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  });
  afterAll(async () => app?.close());

  it('a manager moves "Recall due" above "Treatment presented" with the keyboard, saves, reloads and sees the new order', async () => {
    await page.getByRole('link', { name: 'Policy', exact: true }).click();
    await section().waitFor();
    expect(await bands()).toEqual(defaultRankingPolicy.order);

    // Keyboard only: focus the band's Move up button and press Enter; the focus stays on it.
    const up = section().getByRole('button', { name: 'Move up: Recall due', exact: true });
    await up.focus();
    await page.keyboard.press('Enter');
    await expect.poll(bands).toEqual(['callback_due', 'time_bound', 'engaged_recently', 'missed_recently', 'recall_window', 'treatment_recent', 'rest', 'past_window']);
    expect(await up.evaluate((button) => button.ownerDocument.activeElement === button)).toBe(true);
    expect(await page.getByRole('status').filter({ hasText: 'moved' }).textContent()).toBe('Recall due moved to 5 of 8.');
    expect(await section().getByRole('button', { name: 'Move up: Callback due now' }).isDisabled()).toBe(true);

    // A value out of range: the server's message is shown and the field is marked.
    const engaged = section().getByLabel('Engaged recently: a reply, call back or opened link within (days)');
    await engaged.fill('0');
    await section().getByRole('button', { name: 'Save worklist order' }).click();
    const alert = section().getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('The policy was not saved: ranking.engagedWithinDays is 0: must be a whole number of days from 1 to 365');
    expect(await engaged.getAttribute('aria-invalid')).toBe('true');

    await engaged.fill('10');
    await section().getByLabel('Hygiene recall', { exact: true }).fill('18');
    await section().getByRole('button', { name: 'Save worklist order' }).click();
    await section().getByText('Saved. The worklist uses the new order now.').waitFor();

    await page.reload();
    await section().waitFor();
    expect(await bands()).toEqual(['callback_due', 'time_bound', 'engaged_recently', 'missed_recently', 'recall_window', 'treatment_recent', 'rest', 'past_window']);
    expect(await engaged.inputValue()).toBe('10');
    expect(await section().getByLabel('Hygiene recall', { exact: true }).inputValue()).toBe('18');
    expect(await section().getByLabel('Hygiene recall: days, months or never stale').inputValue()).toBe('months');
    const stored = await app.t.store.db.selectFrom('organization').select('policy').executeTakeFirstOrThrow();
    expect((stored.policy as { ranking: unknown }).ranking).toMatchObject({ order: (await bands()), engagedWithinDays: 10, activeWindows: { hygiene: { months: 18 }, unscheduled_treatment: { days: 90 } } });

    const widths = await page.locator('html').evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(widths.scrollWidth).toBeLessThanOrEqual(widths.clientWidth);
    const violations = await axeViolations(page);
    console.log(`axe on the Policy page: ${violations.length === 0 ? 'no violations' : violations.map((v) => `${v.id} (${v.impact}, ${v.nodes})`).join(', ')}`);
    expect(violations.filter((v) => v.impact === 'critical')).toEqual([]);
  });

  it('the worklist row shows its band, and its Why starts with the band and its reason', async () => {
    await page.getByRole('link', { name: 'Worklist', exact: true }).click();
    const first = page.locator('[data-testid="worklist"] tbody tr[data-patient]').first();
    await first.waitFor();
    const tag = (await first.locator('.band-tag').textContent())!;
    expect(tag).toMatch(/^band [1-8]$/);
    await first.getByRole('button', { name: 'Why', exact: true }).click();
    const why = (await page.locator('.why-row p').first().textContent())!;
    expect(why).toMatch(new RegExp(`^Why #1: ${tag}, \\S.*\\.$`));
    expect(await page.locator('.why-row').textContent()).not.toMatch(/band \d: .*band \d: /);
  });
});
