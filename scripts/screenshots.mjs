// Screenshots of the worklist and the case screen at 1280×800 for docs/screenshots/.
// Usage: npm run build && node scripts/screenshots.mjs [BASE_URL]
// Without BASE_URL it loads a fresh 2,000-patient demo clinic into a temporary directory, serves it
// on a free port, takes the pictures and stops the server. That server's "now" is pinned to a Tuesday
// inside every demo office's hours, so the pictures show a full worklist whenever they are taken.
// Needs Debian's Chromium (apt-get install chromium).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const outDir = 'docs/screenshots';
const account = { email: 'coordinator@sunrise-dental.demo', password: 'lone-star-schedule' };
// Tue 2026-11-24: 12:00 in Tampa, 11:00 in Austin, 10:00 in Phoenix.
const pinnedNow = '2026-11-24T17:00:00.000Z';

async function startDemoServer() {
  const [{ openApp, createHttpServer }, { loadConfig }, { fixedClock }, { loadDemoClinic }, { planPatients }] = await Promise.all([
    import('../dist/src/app.js'), import('../dist/src/config.js'), import('../dist/src/clock.js'),
    import('../dist/src/use-cases/load-demo-clinic.js'), import('../dist/src/use-cases/plan-patients.js'),
  ]);
  const data = mkdtempSync(join(tmpdir(), 'recare-shots-'));
  const app = await openApp(loadConfig({ LOG_LEVEL: 'warn' }, { dataDir: data }), { command: 'screenshots', clock: fixedClock(pinnedNow) });
  await loadDemoClinic(app, { patients: 2000, seed: 42, locations: 3 });
  await planPatients(app, { full: true });
  const server = await createHttpServer(app);
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    stop: async () => {
      await server.close();
      await app.close();
      rmSync(data, { recursive: true, force: true });
    },
  };
}

const given = process.argv[2];
const server = given ? { url: given.replace(/\/$/, ''), stop: async () => {} } : await startDemoServer();
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!executablePath) throw new Error('Chromium is not installed: apt-get install -y chromium');
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
try {
  mkdirSync(outDir, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  // The browser's clock shows in the header's office clocks: pin it to the server's instant too.
  if (!given) await page.clock.setFixedTime(new Date(pinnedNow));
  await page.goto(server.url);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid="worklist"] tbody tr').first().waitFor();
  // One office's worklist: from choosing it to its rows on screen (printed for the README's performance note).
  const started = Date.now();
  await page.getByLabel('Office', { exact: true }).selectOption('TPA');
  await page.locator('[data-testid="worklist"] tbody tr[data-patient]').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.spinner'));
  console.log(`Tampa worklist rendered in ${Date.now() - started} ms`);
  await page.getByLabel('Office', { exact: true }).selectOption('');
  await page.locator('[data-testid="worklist"] tbody tr[data-patient]').first().waitFor();
  await page.locator('[data-testid="worklist"] tbody tr button', { hasText: 'Why' }).nth(1).click();
  await page.screenshot({ path: join(outDir, 'worklist.png') });
  await page.locator('[data-testid="worklist"] tbody tr .patient-link').nth(1).click();
  await page.getByRole('heading', { name: 'Outcome' }).waitFor();
  await page.getByRole('button', { name: 'The patient (or parent/guardian)' }).click();
  await page.getByRole('button', { name: 'Yes, identity confirmed' }).click();
  await page.screenshot({ path: join(outDir, 'case-screen.png') });
  console.log(`Wrote ${outDir}/worklist.png and ${outDir}/case-screen.png`);
} finally {
  await browser.close();
  await server.stop();
}
