/**
 * The placeholder web page in real headless Chromium (Debian's), against a real server on loopback
 * with the embedded database: the page must show what /api/health reports.
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

  it('shows the backend and the demo clinic counts from the API', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(baseUrl);
    await expect.poll(() => page.locator('#status').textContent()).toBe('Running with the demo clinic.');
    expect(await page.locator('#backend').textContent()).toBe('embedded (PGlite)');
    expect(await page.locator('#patients').textContent()).toBe('120');
    expect(await page.locator('#locations').textContent()).toBe('3');
    expect(await page.title()).toBe('Recare');
  });
});
