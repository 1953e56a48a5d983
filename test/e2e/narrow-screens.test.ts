/**
 * The web app on a tablet held upright (820×1180) and on a small laptop (1280×800), in Debian's
 * Chromium against the real server with the demo clinic at a fixed clock (Tue 2026-11-24 10:00 in
 * Tampa, inside every office's hours, so the worklist has rows; the last days of demo outreach are
 * simulated through the sandbox, so cases carry conversations): every worklist column fits without
 * horizontal scrolling for a one-office desk and a multi-office coordinator; the Why and Claim buttons
 * are on screen; a row opens its case by click or by Enter while its buttons keep their own behaviour;
 * the case screen fits upright; the Policy page's checkboxes have their labels beside them; and axe-core
 * finds no critical violation on the worklist, case, Policy, Outbox and Channels pages.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxMessaging } from '../../src/app.js';
import { fixedClock } from '../../src/clock.js';
import { demoUsers, type DemoUser } from '../../src/use-cases/demo-users.js';
import { simulateDemoOutreach } from '../../src/use-cases/messaging/simulate-demo-outreach.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { axeViolations, startBrowserApp, submitSignIn, type BrowserApp } from '../helpers/browser-app.js';

const demoUser = (email: string): DemoUser => {
  const user = demoUsers.find((u) => u.email === email);
  if (!user) throw new Error(`no demo user ${email}`);
  return user;
};
const desk = demoUser('desk.tampa@sunrise-dental.demo');
const coordinator = demoUser('coordinator@sunrise-dental.demo');
const manager = demoUser('manager@sunrise-dental.demo');
const admin = demoUser('admin@sunrise-dental.demo');

const now = '2026-11-24T15:00:00Z';
const sizes = [{ width: 820, height: 1180 }, { width: 1280, height: 800 }] as const;
const rows = (page: Page) => page.locator('[data-testid="worklist"] tbody tr[data-patient]');

interface Box { x: number; y: number; width: number; height: number }

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator.toString()} has no box (not rendered)`);
  return box;
}

/** The element's box lies inside the viewport; `axes` 'x' checks left and right only (rows below the fold). */
function expectInViewport(box: Box, viewport: { width: number; height: number }, what: string, axes: 'xy' | 'x' = 'xy'): void {
  expect(box.width, `${what} has a width`).toBeGreaterThan(0);
  expect(box.x, `${what} left edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what} right edge`).toBeLessThanOrEqual(viewport.width);
  if (axes === 'xy') {
    expect(box.y, `${what} top edge`).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height, `${what} bottom edge`).toBeLessThanOrEqual(viewport.height);
  }
}

/** An element's scrollWidth and clientWidth ('html': the document's). */
async function widths(page: Page, selector: string): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.locator(selector).evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
}

async function expectNoCriticalAxeViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  console.log(`axe on ${where}: ${violations.length === 0 ? 'no violations' : violations.map((v) => `${v.id} (${v.impact}, ${v.nodes})`).join(', ')}`);
  expect(violations.filter((v) => v.impact === 'critical'), where).toEqual([]);
}

describe('narrow screens in Chromium: the worklist, the case screen and the Policy page at 820×1180 and 1280×800', () => {
  let app: BrowserApp;
  /** A patient whose case has texts and a reply, for the conversation panel. */
  let conversationPatient: string;

  beforeAll(async () => {
    app = await startBrowserApp({
      clock: fixedClock(now),
      demo: { patients: 400, seed: 5, locations: 3 },
      prepare: async (deps) => {
        await planPatients(deps, { full: true });
        await simulateDemoOutreach({ ...deps, log: pino({ level: 'silent' }), ...sandboxMessaging(deps.store) }, { cases: 20, actor: coordinator.email });
      },
    });
    const replied = await app.t.store.db.selectFrom('inbound_messages as m').innerJoin('cases as c', 'c.id', 'm.case_id').innerJoin('patients as p', 'p.id', 'c.patient_id')
      .select('p.external_id').where('m.intent', '=', 'other').orderBy('m.id').limit(1).executeTakeFirstOrThrow();
    conversationPatient = replied.external_id;
  });
  afterAll(async () => app?.close());

  async function signIn(viewport: { width: number; height: number }, user: DemoUser): Promise<{ context: BrowserContext; page: Page }> {
    const context = await app.browser.newContext({ viewport, bypassCSP: true });
    const page = await submitSignIn(context, app.baseUrl, user.email, user.password);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    return { context, page };
  }

  async function openWorklist(page: Page): Promise<void> {
    await page.getByRole('link', { name: 'Worklist', exact: true }).click();
    await rows(page).first().waitFor();
    await expect.poll(() => page.locator('.spinner').count()).toBe(0);
  }

  for (const viewport of sizes) {
    const size = `${viewport.width}×${viewport.height}`;

    for (const [who, user] of [['a one-office desk', desk], ['a multi-office coordinator', coordinator]] as const) {
      it(`${size}, ${who}: every worklist column and the Why and Claim buttons are on screen with no horizontal scrolling`, async () => {
        const { context, page } = await signIn(viewport, user);
        await openWorklist(page);
        expect(await rows(page).count()).toBeGreaterThan(5);

        const page_ = await widths(page, 'html');
        expect(page_.scrollWidth, 'the document scrolls sideways').toBeLessThanOrEqual(page_.clientWidth);
        const frame = await widths(page, '.worklist-frame');
        expect(frame.scrollWidth, 'the worklist scrolls sideways').toBeLessThanOrEqual(frame.clientWidth);

        const headers = page.locator('[data-testid="worklist"] thead th');
        const names = (await headers.allTextContents()).map((t) => t.trim());
        // The coordinator assigns (a select-all box heads the first column); both see every data column.
        expect(names.filter((n) => n !== '')).toEqual(['#', 'Patient', 'Reasons', 'Overdue', ...(names.includes('Last attempt') ? ['Last attempt'] : []), 'Next step', 'Contact', 'Actions']);
        for (let i = 0; i < names.length; i++) {
          expect(await headers.nth(i).isVisible(), `column ${names[i]} is shown`).toBe(true);
          expectInViewport(await boxOf(headers.nth(i)), viewport, `column header ${names[i] || '(select all)'}`);
        }

        // The first row: its contact badge and both buttons entirely on screen; every row: its buttons within the width.
        const first = rows(page).first();
        expectInViewport(await boxOf(first.locator('.badge').first()), viewport, 'the first row\'s contact badge');
        for (const name of ['Why', 'Claim']) {
          expectInViewport(await boxOf(first.getByRole('button', { name, exact: true })), viewport, `the first row's ${name} button`);
        }
        const buttons = await rows(page).evaluateAll((trs) => trs.flatMap((tr) => [...tr.querySelectorAll('button')].map((b) => {
          const r = b.getBoundingClientRect();
          return { row: tr.getAttribute('data-patient'), text: b.textContent, left: r.left, right: r.right };
        })));
        expect(buttons.length).toBeGreaterThanOrEqual(2 * (await rows(page).count()));
        const viewportWidth = (await widths(page, 'html')).clientWidth;
        expect(buttons.filter((b) => b.left < 0 || b.right > viewportWidth)).toEqual([]);

        await expectNoCriticalAxeViolations(page, `the worklist (${size}, ${who})`);
        await context.close();
      });
    }

    it(`${size}: a click anywhere on a row (not only the name) opens the case, so does Enter on a focused row; Why and Claim do not`, async () => {
      const { context, page } = await signIn(viewport, coordinator);
      await openWorklist(page);

      // Why opens the explanation in place; Claim claims; neither opens the case.
      const second = rows(page).nth(1);
      await second.getByRole('button', { name: 'Why', exact: true }).click();
      await page.locator('.why-row').waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      await second.getByRole('button', { name: 'Claim', exact: true }).click();
      await expect.poll(() => second.locator('.badge-info').textContent()).toMatch(/^Yours until \d{1,2}:\d{2} [AP]M$/);
      expect(new URL(page.url()).pathname).toBe('/');
      // Ticking a row's box selects it for assignment and stays on the list.
      await second.getByRole('checkbox').check();
      expect(new URL(page.url()).pathname).toBe('/');

      // A click on the row's rank cell, away from the name link.
      const third = rows(page).nth(2);
      const clicked = await third.getAttribute('data-patient');
      await third.locator('td.rank').click();
      await page.getByRole('heading', { name: 'Outcome' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/patients/${encodeURIComponent(clicked ?? '')}`);

      // Keyboard: the row itself takes focus (Tab reaches it) and Enter opens its case.
      await openWorklist(page);
      const fourth = rows(page).nth(3);
      const entered = await fourth.getAttribute('data-patient');
      expect(await fourth.getAttribute('tabindex')).toBe('0');
      await fourth.focus();
      expect(await fourth.evaluate((tr) => tr.ownerDocument.activeElement === tr)).toBe(true);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Outcome' }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/patients/${encodeURIComponent(entered ?? '')}`);
      await context.close();
    });

    it(`${size}: the case screen (patient card, outcome panel, a conversation with a reply) fits the width, nothing cut off`, async () => {
      const { context, page } = await signIn(viewport, coordinator);
      await page.goto(`${app.baseUrl}/patients/${encodeURIComponent(conversationPatient)}`);
      await page.getByRole('heading', { name: 'Outcome' }).waitFor();
      await page.locator('[data-testid="conversation"] .thread .msg-in').first().waitFor();
      await expect.poll(() => page.locator('.spinner').count()).toBe(0);

      const page_ = await widths(page, 'html');
      expect(page_.scrollWidth, 'the case screen scrolls sideways').toBeLessThanOrEqual(page_.clientWidth);
      // Nothing sticks out on the right: every rendered element of the case screen ends inside the page.
      const outside = await page.locator('.case-screen').evaluate((screen) => {
        const width = screen.ownerDocument.documentElement.clientWidth;
        return [...screen.querySelectorAll('*')].filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && !el.closest('.visually-hidden') && (r.left < 0 || r.right > width);
        }).map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      });
      expect(outside).toEqual([]);
      for (const panel of ['Outcome', 'Messages', 'What happened on the call?']) {
        expectInViewport(await boxOf(page.getByRole('heading', { name: panel, exact: true })), viewport, `the ${panel} heading`, 'x');
      }
      expectInViewport(await boxOf(page.locator('.case-screen h1').first()), viewport, 'the patient\'s name');

      await expectNoCriticalAxeViolations(page, `the case screen (${size})`);
      await context.close();
    });

    it(`${size}: each Policy checkbox has a visible label beside it, on its right; Policy and Outbox pass axe`, async () => {
      const { context, page } = await signIn(viewport, manager);
      await page.getByRole('link', { name: 'Policy', exact: true }).click();
      await page.locator('form.policy-form').waitFor();
      const boxes = page.locator('form.policy-form input[type="checkbox"]');
      expect(await boxes.count()).toBe(3);
      for (let i = 0; i < 3; i++) {
        const box = boxes.nth(i);
        const id = await box.getAttribute('id');
        const label = page.locator(`label[for="${id}"]`);
        expect(await label.isVisible(), `label of #${id}`).toBe(true);
        expect((await label.textContent())?.trim().length, `label text of #${id}`).toBeGreaterThan(10);
        const b = await boxOf(box);
        const l = await boxOf(label);
        const labelMiddle = l.y + l.height / 2;
        expect(labelMiddle, `label of #${id} on the box's line`).toBeGreaterThanOrEqual(b.y);
        expect(labelMiddle, `label of #${id} on the box's line`).toBeLessThanOrEqual(b.y + b.height);
        expect(l.x, `label of #${id} right of the box`).toBeGreaterThanOrEqual(b.x + b.width);
        expectInViewport(l, viewport, `label of #${id}`, 'x');
        // The label names the box for assistive technology too.
        expect(await page.getByLabel((await label.textContent()) ?? '', { exact: true }).getAttribute('id')).toBe(id);
      }
      await expectNoCriticalAxeViolations(page, `the Policy page (${size})`);

      await page.getByRole('link', { name: 'Outbox', exact: true }).click();
      await page.getByTestId('outbox').locator('tbody tr').first().waitFor();
      await expect.poll(() => page.locator('.spinner').count()).toBe(0);
      await expectNoCriticalAxeViolations(page, `the Outbox (${size})`);
      await context.close();
    });

    it(`${size}: the Channels page passes axe`, async () => {
      const { context, page } = await signIn(viewport, admin);
      await page.getByRole('link', { name: 'Channels', exact: true }).click();
      await page.getByRole('heading', { name: 'Channels', level: 1 }).waitFor();
      await expect.poll(() => page.locator('.spinner').count()).toBe(0);
      await expectNoCriticalAxeViolations(page, `the Channels page (${size})`);
      await context.close();
    });
  }
});
