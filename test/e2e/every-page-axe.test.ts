/**
 * Every page of the web app, at 820×1180 (a tablet held upright) and 1280×800 (a small laptop), in
 * Debian's Chromium against the real server with the demo clinic at a fixed clock: axe-core finds no
 * critical violation, and no page scrolls sideways. The admin sees every page in the navigation; the
 * sign-in page is checked before signing in, the case screen from the worklist's first row.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { demoUsers } from '../../src/use-cases/demo-users.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { axeViolations, startBrowserApp, submitSignIn, type BrowserApp } from '../helpers/browser-app.js';

const admin = demoUsers.find((u) => u.email === 'admin@sunrise-dental.demo');
if (!admin) throw new Error('no demo admin');
// Tuesday 10:00 in Tampa: inside every office's hours, so the worklist has rows.
const now = '2026-11-24T15:00:00Z';
const sizes = [{ width: 820, height: 1180 }, { width: 1280, height: 800 }] as const;
const navPages = ['Worklist', 'Queues', 'Weekly review', 'Reports', 'Import', 'Programs & scripts', 'Templates', 'Outbox', 'Channels', 'Users', 'Locations', 'Policy'];

async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  // A client-side navigation keeps the load state reached earlier; the Reports page then loads its chart code and one summary per week.
  await expect.poll(() => page.locator('.spinner').count(), { timeout: 20_000 }).toBe(0);
}

async function check(page: Page, where: string): Promise<void> {
  await settled(page);
  const violations = await axeViolations(page);
  expect(violations.filter((v) => v.impact === 'critical'), `${where}: ${JSON.stringify(violations)}`).toEqual([]);
  const html = await page.locator('html').evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
  expect(html.scrollWidth, `${where} scrolls sideways`).toBeLessThanOrEqual(html.clientWidth);
}

describe('every page in Chromium passes axe (no critical violation) and fits at 820×1180 and 1280×800', () => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ clock: fixedClock(now), demo: { patients: 200, seed: 9, locations: 3 }, prepare: async (deps) => { await planPatients(deps, { full: true }); } });
  });
  afterAll(async () => app?.close());

  for (const viewport of sizes) {
    const size = `${viewport.width}×${viewport.height}`;
    it(`${size}: the sign-in page, every page in the admin's navigation, the case screen and the account page`, async () => {
      const context = await app.browser.newContext({ viewport, bypassCSP: true });
      const signInPage = await context.newPage();
      await signInPage.goto(app.baseUrl);
      await signInPage.getByLabel('Email').waitFor();
      await check(signInPage, `${size} sign-in`);
      await signInPage.close();

      const page = await submitSignIn(context, app.baseUrl, admin.email, admin.password);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.waitFor();
      const seen: string[] = [];
      for (const name of navPages) {
        await nav.getByRole('link', { name, exact: true }).click();
        await check(page, `${size} ${name}`);
        seen.push(name);
      }
      expect(seen).toEqual(navPages);

      await nav.getByRole('link', { name: 'Worklist', exact: true }).click();
      const firstRow = page.locator('[data-testid="worklist"] tbody tr[data-patient]').first();
      await firstRow.waitFor();
      await firstRow.click();
      await page.waitForURL(/\/patients\//);
      await check(page, `${size} case screen`);

      await page.getByRole('link', { name: 'Account', exact: true }).click();
      await check(page, `${size} account`);
      await context.close();
    });
  }
});
