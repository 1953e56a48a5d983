// Screenshots of the worklist and the case screen at 1280×800 for docs/screenshots/.
// Usage: npm run build && node scripts/screenshots.mjs [BASE_URL]
// Without BASE_URL it loads a fresh 2,000-patient demo clinic into a temporary directory, serves it
// on a free port, takes the pictures and stops the server. Needs Debian's Chromium (apt-get install chromium).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const outDir = 'docs/screenshots';
const account = { email: 'coordinator@sunrise-dental.demo', password: 'lone-star-schedule' };

async function startDemoServer() {
  const data = mkdtempSync(join(tmpdir(), 'recare-shots-'));
  const demo = spawnSync(process.execPath, ['bin/recare.js', 'demo', '--patients', '2000', '--data', data], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (demo.status !== 0) throw new Error('recare demo failed');
  const port = 3400 + Math.floor(Math.random() * 500);
  const server = spawn(process.execPath, ['bin/recare.js', 'serve', '--data', data, '--port', String(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, stop: () => { server.kill(); rmSync(data, { recursive: true, force: true }); } };
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error('the server did not start');
}

const given = process.argv[2];
const server = given ? { url: given.replace(/\/$/, ''), stop: () => {} } : await startDemoServer();
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!executablePath) throw new Error('Chromium is not installed: apt-get install -y chromium');
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
try {
  mkdirSync(outDir, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
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
  server.stop();
}
