/**
 * The built web app (dist/web) in real headless Chromium (Debian's), against a real server on
 * loopback with the embedded database: the sign-in page loads, lists the demo accounts, and the
 * server answers a deep link with the app (SPA fallback) while /api keeps its JSON errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { startBrowserApp, type BrowserApp } from '../helpers/browser-app.js';

describe('web app in Chromium', () => {
  let app: BrowserApp;
  beforeAll(async () => {
    app = await startBrowserApp({ clock: fixedClock('2026-11-24T15:00:00Z'), demo: { patients: 120, seed: 5, locations: 3 } });
  });
  afterAll(async () => app?.close());

  it('serves the sign-in page with the demo accounts, and the app for deep links', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.baseUrl}/patients/D0000001`);
    await page.getByRole('heading', { name: 'Sign in to Recare' }).waitFor();
    expect(await page.title()).toBe('Recare');
    await expect.poll(() => page.locator('.demo-accounts li').count()).toBe(6);
    const health = await page.evaluate(async () => (await fetch('/api/health')).json() as Promise<{ backend: string; counts: { patients: number } }>);
    expect(health).toMatchObject({ backend: 'pglite', counts: { patients: 120 } });
    const missing = await page.evaluate(async () => (await fetch('/api/nothing-here')).status);
    expect(missing).toBe(404);
  });
});
