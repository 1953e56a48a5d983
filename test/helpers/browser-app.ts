/**
 * A browser test's world: a fresh embedded database with the demo clinic, the real server on a free
 * loopback port, and Debian's Chromium; plus the sign-in and accessibility steps the browser tests share.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import pino from 'pino';
import type { Clock } from '../../src/clock.js';
import type { ServerDeps } from '../../src/http/build-server.js';
import { buildTestServer } from './test-server.js';
import type { Deps } from '../../src/use-cases/deps.js';
import { loadDemoClinic } from '../../src/use-cases/load-demo-clinic.js';
import { launchChromium, type Browser } from './chromium.js';
import { openTestStore, type TestStore } from './databases.js';

export interface BrowserApp {
  t: TestStore;
  server: FastifyInstance;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startBrowserApp(options: {
  clock: Clock;
  demo: { patients: number; seed: number; locations: number };
  /** Runs after the demo loads and before the server starts (plans, extra accounts). */
  prepare?: (deps: Pick<Deps, 'store' | 'clock' | 'log'>) => Promise<void>;
  server?: Parameters<typeof buildTestServer>[1];
  /** What else the server is handed (a voice provider against the Twilio stand-in, say). */
  serverDeps?: Partial<ServerDeps>;
}): Promise<BrowserApp> {
  const t = await openTestStore('pglite');
  const deps = { store: t.store, clock: options.clock, log: pino({ level: 'silent' }) };
  await loadDemoClinic(deps, options.demo);
  await options.prepare?.(deps);
  const server = await buildTestServer({ ...deps, ...options.serverDeps }, options.server);
  const baseUrl = await server.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  return {
    t, server, baseUrl, browser,
    async close() {
      await browser.close();
      await server.close();
      await t.dispose();
    },
  };
}

/** Opens the app in a new page of `context` and submits the sign-in form. */
export async function submitSignIn(context: BrowserContext, baseUrl: string, email: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; nodes: number }[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // Runs in the page (DOM types are not in the Node test build).
    const scope = globalThis as unknown as { document: unknown; axe: { run(context: unknown, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: unknown[] }[] }> } };
    const result = await scope.axe.run(scope.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
}
