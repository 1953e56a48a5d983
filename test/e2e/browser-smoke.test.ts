/**
 * The built web app (dist/web) in real headless Chromium (Debian's), against a real server on
 * loopback with the embedded database: the sign-in page loads, lists the demo accounts, and the
 * server answers a deep link with the app (SPA fallback) while /api keeps its JSON errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildServer } from '../../src/http/build-server.js';
import { fixedClock } from '../../src/clock.js';
import { loadDemoClinic } from '../../src/use-cases/load-demo-clinic.js';
import { openTestStore, type TestStore } from '../helpers/databases.js';
import { launchChromium, type Browser } from '../helpers/chromium.js';

describe('web app in Chromium', () => {
  let t: TestStore;
  let server: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  beforeAll(async () => {
    t = await openTestStore('pglite');
    const deps = { store: t.store, clock: fixedClock('2026-11-24T15:00:00Z'), log: pino({ level: 'silent' }) };
    await loadDemoClinic(deps, { patients: 120, seed: 5, locations: 3 });
    server = await buildServer(deps);
    baseUrl = await server.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.dispose();
  });

  it('serves the sign-in page with the demo accounts, and the app for deep links', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${baseUrl}/patients/D0000001`);
    await page.getByRole('heading', { name: 'Sign in to Recare' }).waitFor();
    expect(await page.title()).toBe('Recare');
    await expect.poll(() => page.locator('.demo-accounts li').count()).toBe(6);
    const health = await page.evaluate(async () => (await fetch('/api/health')).json() as Promise<{ backend: string; counts: { patients: number } }>);
    expect(health).toMatchObject({ backend: 'pglite', counts: { patients: 120 } });
    const missing = await page.evaluate(async () => (await fetch('/api/nothing-here')).status);
    expect(missing).toBe(404);
  });
});
