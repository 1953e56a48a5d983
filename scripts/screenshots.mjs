// Screenshots of the worklist, the case screen, a case's text conversation, the Outbox, the worklist order on the
// Policy page and the Locations page at 1280×800, and of the worklist on a tablet held upright (820×1180), for
// docs/screenshots/.
// Usage: npm run build && node scripts/screenshots.mjs [BASE_URL]
// Without BASE_URL it loads a fresh 2,000-patient demo clinic into a temporary directory, serves it
// on a free port, takes the pictures and stops the server. That server's "now" is pinned to a Tuesday
// inside every demo office's hours, so the pictures show a full worklist whenever they are taken. As on
// `npm start`'s first run, the last days of outreach are simulated through the gate and the sandbox
// (simulate-demo-outreach.ts), so cases carry conversations. With BASE_URL the server's own outbox is
// used as it is.
// Needs Debian's Chromium (apt-get install chromium).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const outDir = 'docs/screenshots';
const account = { email: 'coordinator@sunrise-dental.demo', password: 'lone-star-schedule' };
const managerAccount = { email: 'manager@sunrise-dental.demo', password: 'desert-bloom-reports' };
const adminAccount = { email: 'admin@sunrise-dental.demo', password: 'keys-and-locations-42' };
// Tue 2026-11-24: 12:00 in Tampa, 11:00 in Austin, 10:00 in Phoenix.
const pinnedNow = '2026-11-24T17:00:00.000Z';
async function startDemoServer() {
  const [{ openApp, createHttpServer }, { loadConfig }, { fixedClock }, { loadDemoClinic }, { planPatients }, { simulateDemoOutreach }, { dispatchDueTouches }] = await Promise.all([
    import('../dist/src/app.js'), import('../dist/src/config.js'), import('../dist/src/clock.js'),
    import('../dist/src/use-cases/load-demo-clinic.js'), import('../dist/src/use-cases/plan-patients.js'),
    import('../dist/src/use-cases/messaging/simulate-demo-outreach.js'), import('../dist/src/use-cases/messaging/dispatch-due-touches.js'),
  ]);
  const data = mkdtempSync(join(tmpdir(), 'recare-shots-'));
  const app = await openApp(loadConfig({ LOG_LEVEL: 'warn' }, { dataDir: data }), { command: 'screenshots', clock: fixedClock(pinnedNow) });
  await loadDemoClinic(app, { patients: 2000, seed: 42, locations: 3 });
  await planPatients(app, { full: true });
  // What `npm start` does on first run: the last days of outreach, through the gate and the sandbox.
  await simulateDemoOutreach(app, { cases: 60, actor: account.email });
  await dispatchDueTouches(app);
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

/** In the page, with the manager's session: the patient of the first sent text whose case has a reply that is not STOP. */
async function findConversation() {
  const get = async (path) => (await fetch(path, { headers: { accept: 'application/json' } })).json();
  const outbox = await get('/api/outbox?state=sent&limit=500');
  const seen = new Set();
  for (const entry of outbox.entries) {
    if (entry.channel !== 'sms' || entry.caseId === null || seen.has(entry.caseId)) continue;
    seen.add(entry.caseId);
    const thread = await get(`/api/cases/${entry.caseId}/conversation`);
    const replied = thread.messages.some((m) => m.direction === 'in' && !/^stop$/i.test(m.text.trim()));
    if (replied && thread.messages.some((m) => m.direction === 'out' && m.delivery === 'delivered')) return thread.patientId;
  }
  return null;
}

/** A browser context at `viewport`, its clock pinned to the server's instant (demo server only), signed in as `who`. */
async function signedIn(browser, url, viewport, who, pin) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  if (pin) await context.clock.setFixedTime(new Date(pinnedNow));
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return { context, page };
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
  // Answering the decision tree scrolls it into view; the picture starts at the top of the case.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(outDir, 'case-screen.png') });
  console.log(`Wrote ${outDir}/worklist.png and ${outDir}/case-screen.png`);

  // The same worklist on a tablet held upright: every column on screen, no sideways scrolling.
  const { context: tablet, page: upright } = await signedIn(browser, server.url, { width: 820, height: 1180 }, account, !given);
  await upright.locator('[data-testid="worklist"] tbody tr[data-patient]').first().waitFor();
  await upright.waitForFunction(() => !document.querySelector('.spinner'));
  await upright.screenshot({ path: join(outDir, 'worklist-tablet.png') });
  await tablet.close();
  console.log(`Wrote ${outDir}/worklist-tablet.png`);

  // The manager's view: a case's conversation (a delivered text and the patient's reply), then the Outbox.
  const { context, page: manager } = await signedIn(browser, server.url, { width: 1280, height: 800 }, managerAccount, !given);
  await manager.getByRole('navigation', { name: 'Main' }).waitFor();
  const patientId = await manager.evaluate(findConversation);
  if (!patientId) throw new Error('No case has a delivered text with a reply yet: let the server dispatch for a minute, then try again.');
  await manager.goto(`${server.url}/patients/${encodeURIComponent(patientId)}`);
  const conversation = manager.getByTestId('conversation');
  await conversation.locator('.thread').waitFor();
  await conversation.evaluate((panel) => globalThis.scrollTo(0, panel.getBoundingClientRect().top + globalThis.scrollY - 8));
  await manager.screenshot({ path: join(outDir, 'conversation.png') });
  await manager.getByRole('link', { name: 'Outbox' }).click();
  await manager.getByTestId('outbox').waitFor();
  // Every entry: sent ones with their delivery state, waiting ones with when and why, skipped ones with the reason.
  await manager.locator('button[data-outbox-state="all"]').click();
  await manager.locator('[data-testid="outbox"] tbody tr[data-state]').first().waitFor();
  await manager.waitForFunction(() => !document.querySelector('.spinner'));
  await manager.screenshot({ path: join(outDir, 'outbox.png') });
  // The worklist's order on the Policy page: the bands and each program's active window, as the manager edits them.
  await manager.getByRole('link', { name: 'Policy' }).click();
  const order = manager.getByRole('heading', { name: 'Worklist order' });
  await order.waitFor();
  await order.evaluate((heading) => globalThis.scrollTo(0, heading.getBoundingClientRect().top + globalThis.scrollY - 8));
  await manager.screenshot({ path: join(outDir, 'worklist-order.png') });
  // The managers' Reports page: the funnel and the offices side by side, each with its table and CSV.
  await manager.getByRole('link', { name: 'Reports', exact: true }).click();
  await manager.getByRole('heading', { name: 'The funnel' }).waitFor();
  await manager.locator('[data-figure="weekly"]').waitFor({ timeout: 120_000 });
  await manager.waitForFunction(() => !document.querySelector('.spinner'));
  await manager.screenshot({ path: join(outDir, 'reports.png') });
  await context.close();
  console.log(`Wrote ${outDir}/conversation.png, ${outDir}/outbox.png, ${outDir}/worklist-order.png and ${outDir}/reports.png`);

  // The admin's Locations page: an office's hours per weekday, closures, extended hours and sender identity.
  const { context: adminContext, page: admin } = await signedIn(browser, server.url, { width: 1280, height: 800 }, adminAccount, !given);
  await admin.getByRole('navigation', { name: 'Main' }).waitFor();
  await admin.getByRole('link', { name: 'Locations' }).click();
  await admin.getByRole('heading', { name: 'Locations', level: 1 }).waitFor();
  await admin.waitForFunction(() => !document.querySelector('.spinner'));
  await admin.screenshot({ path: join(outDir, 'locations.png') });
  await adminContext.close();
  console.log(`Wrote ${outDir}/locations.png`);
} finally {
  await browser.close();
  await server.stop();
}
