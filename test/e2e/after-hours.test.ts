/**
 * After hours in Chromium: at 20:30 on a Tuesday in Tampa, with the day's work done and the rest
 * planned for the next morning, the desk's empty worklist says what is next ("Next: N cases from Wed
 * 08:00 (Tampa)"), and "Show tomorrow's list" opens that list as a read-only preview: a banner names
 * the instant, rows are listed, and no row can be claimed; axe-core finds no critical violation on
 * either. The server's clock is pinned.
 */
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { demoUsers } from '../../src/use-cases/demo-users.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { axeViolations, startBrowserApp, submitSignIn, type BrowserApp } from '../helpers/browser-app.js';

const evening = '2026-11-25T01:30:00.000Z'; // Tue 2026-11-24 20:30 in Tampa (EST)
const wednesdayOpening = '2026-11-25T13:00:00.000Z'; // Wed 08:00 in Tampa
const desk = demoUsers.find((u) => u.email === 'desk.tampa@sunrise-dental.demo');
const rows = (page: Page) => page.locator('[data-testid="worklist"] tbody tr[data-patient]');

describe('the worklist after hours in Chromium', () => {
  let app: BrowserApp;
  let tampaTomorrow: number;

  beforeAll(async () => {
    app = await startBrowserApp({
      clock: fixedClock(evening),
      demo: { patients: 200, seed: 5, locations: 2 },
      prepare: async (deps) => {
        await planPatients(deps, { full: true });
        // The day's work is done: what was due today comes back at tomorrow's opening.
        await sql`update cases set next_action_at = ${wednesdayOpening}::timestamptz where next_action_at <= ${evening}::timestamptz and state not in ('closed', 'scheduled')`.execute(deps.store.db);
      },
    });
    const counted = await sql<{ n: number }>`
      select count(*)::int as n from cases c join locations l on l.id = c.location_id
      where l.external_id = 'TPA' and c.state not in ('closed', 'scheduled') and c.owner_queue is null
        and c.next_action_at > ${evening}::timestamptz and c.next_action_at < '2026-11-26T05:00:00Z'::timestamptz`.execute(app.t.store.db);
    tampaTomorrow = counted.rows[0]!.n;
    expect(tampaTomorrow).toBeGreaterThan(0);
  });
  afterAll(async () => app?.close());

  it('the empty list says what is next, and "Show tomorrow\'s list" opens it read-only with rows and no Claim buttons', async () => {
    if (!desk) throw new Error('no demo desk user for Tampa');
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await submitSignIn(context, app.baseUrl, desk.email, desk.password);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('link', { name: 'Worklist', exact: true }).click();

    const next = page.getByTestId('next-work');
    await next.waitFor();
    expect(await next.locator('strong').textContent()).toBe(`Next: ${tampaTomorrow} cases from Wed 08:00 (Tampa).`);
    expect(await rows(page).count()).toBe(0);
    expect((await axeViolations(page)).filter((v) => v.impact === 'critical'), 'the empty list').toEqual([]);

    await page.getByRole('button', { name: "Show tomorrow's list" }).click();
    await rows(page).first().waitFor();
    const banner = page.getByTestId('preview-banner');
    expect(await banner.textContent()).toMatch(/^Preview of the list as of Wed, Nov 25, 8:00 AM EST: read-only/);
    expect(await rows(page).count()).toBeGreaterThan(0);
    expect(await rows(page).count()).toBeLessThanOrEqual(tampaTomorrow);
    expect(await page.getByRole('button', { name: 'Claim' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Why' }).count()).toBe(await rows(page).count());
    expect((await axeViolations(page)).filter((v) => v.impact === 'critical'), 'the preview').toEqual([]);

    await page.getByRole('button', { name: 'Back to now' }).click();
    await next.waitFor();
    expect(await banner.count()).toBe(0);
    await context.close();
  });
});
