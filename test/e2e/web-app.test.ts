/**
 * The front-desk web app (built by `npm run build` into dist/web) in Debian's Chromium against a real
 * server on loopback with the embedded database and the demo clinic, at a fixed clock
 * (Tue 2026-11-24 10:00 in Tampa): sign in, work the list, search it by name and phone, record
 * outcomes and undo one, see callbacks and the clinical queue, import a CSV with bad rows, edit a
 * message template past the linter, and check accessibility with axe-core.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { demoUsers } from '../../src/use-cases/demo-users.js';
import { addUser } from '../../src/use-cases/manage-users.js';
import { axeViolations, startBrowserApp, submitSignIn, type BrowserApp } from '../helpers/browser-app.js';
import type { Browser } from '../helpers/chromium.js';
import type { TestStore } from '../helpers/databases.js';

const account = (role: string, location?: string) => {
  const user = demoUsers.find((u) => u.role === role && (!location || (u.locations !== 'all' && u.locations.includes(location))));
  if (!user) throw new Error(`no demo ${role}`);
  return user;
};
const officeManager = { email: 'office.manager@clinic.example', password: 'seagrass-lantern-ferry-ninety' };
const rows = (page: Page) => page.locator('[data-testid="worklist"] tbody tr[data-patient]');

describe('front-desk web app in Chromium', () => {
  let app: BrowserApp;
  let t: TestStore;
  let browser: Browser;
  let baseUrl: string;
  let desk: BrowserContext;
  let page: Page;
  const worked: string[] = [];

  async function signIn(context: BrowserContext, email: string, password: string): Promise<Page> {
    const p = await submitSignIn(context, baseUrl, email, password);
    await p.getByRole('navigation', { name: 'Main' }).waitFor();
    return p;
  }

  /** Opens the top case of the Unscheduled treatment segment not worked yet by this test. */
  async function openTopUnscheduledCase(): Promise<string> {
    await page.getByRole('link', { name: 'Worklist', exact: true }).click();
    await page.locator('button[data-segment="unscheduled_treatment"]').click();
    await page.locator('button[data-segment="unscheduled_treatment"][aria-pressed="true"]').waitFor();
    // The list reloads after a segment change or an outcome: wait until it shows an unworked case of
    // this segment rather than reading a list that is still being replaced (a race on a loaded machine).
    let patientId: string | undefined;
    const deadline = Date.now() + 15_000;
    while (!patientId && Date.now() < deadline) {
      await rows(page).first().waitFor();
      const listed = await rows(page).evaluateAll((trs) => trs.map((tr) => ({ id: tr.getAttribute('data-patient') ?? '', text: tr.textContent ?? '' })));
      patientId = listed.find((r) => !worked.includes(r.id) && r.text.includes('Unscheduled treatment'))?.id;
      if (!patientId) await page.waitForTimeout(250);
    }
    if (!patientId) throw new Error('no unworked case left');
    worked.push(patientId);
    await page.locator(`tr[data-patient="${patientId}"] .patient-link`).click();
    await page.getByRole('heading', { name: 'Outcome' }).waitFor();
    return patientId;
  }

  async function expectNoCriticalAxeViolations(p: Page, where: string): Promise<void> {
    const violations = await axeViolations(p);
    console.log(`axe on ${where}: ${violations.length === 0 ? 'no violations' : violations.map((v) => `${v.id} (${v.impact}, ${v.nodes})`).join(', ')}`);
    expect(violations.filter((v) => v.impact === 'critical')).toEqual([]);
  }

  beforeAll(async () => {
    app = await startBrowserApp({
      clock: fixedClock('2026-11-24T15:00:00Z'),
      demo: { patients: 400, seed: 5, locations: 3 },
      prepare: async (deps) => {
        await planPatients(deps, { full: true });
        // The manager flows import real data, which ends demo mode and retires the published demo passwords,
        // so the manager here is the practice's own account with a password of its own.
        await addUser(deps, { email: officeManager.email, role: 'manager', locations: 'all', password: officeManager.password, actor: { userId: null, kind: 'cli' } });
      },
    });
    ({ t, baseUrl, browser } = app);
    desk = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  });
  afterAll(async () => app?.close());

  it('signs in (demo accounts listed) and shows the ranked worklist with segment counts, and times its render', async () => {
    const tampa = account('front_desk', 'TPA');
    const first = await desk.newPage();
    await first.goto(baseUrl);
    await expect.poll(() => first.getByRole('heading', { name: 'Demo clinic accounts' }).isVisible()).toBe(true);
    await first.getByLabel('Password').fill('wrong-password-123');
    await first.getByLabel('Email').fill(tampa.email);
    await first.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => first.locator('.form-error').textContent()).toBeTruthy();
    await first.close();

    page = await signIn(desk, tampa.email, tampa.password);
    await rows(page).first().waitFor();
    expect(await page.locator('button[data-segment="all"] .count').textContent()).toMatch(/^\d+$/);
    expect(Number(await page.locator('button[data-segment="all"] .count').textContent())).toBeGreaterThan(0);
    expect(await page.locator('.office-clocks').textContent()).toMatch(/TPA \d{1,2}:\d{2}/);
    await expect.poll(() => rows(page).first().locator('.badge').first().textContent()).toMatch(/Callable now|Not until|Not callable/);

    // Render time: from navigation to the first ranked row on screen (printed, not asserted).
    const started = Date.now();
    await page.goto(baseUrl);
    await rows(page).first().waitFor();
    const count = await rows(page).count();
    console.log(`worklist render (Tampa, ${count} rows): ${Date.now() - started} ms from navigation to rows visible`);

    // Keyboard: j/k move, Enter opens, / searches.
    await page.keyboard.press('j');
    await expect.poll(() => page.locator('[data-testid="worklist"] tr.selected').getAttribute('data-patient')).toBe(await rows(page).nth(1).getAttribute('data-patient'));
    await page.keyboard.press('/');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('search');
  });

  it('opens the top case, follows a decision-tree branch, records Left message, and the case leaves the list with its next attempt time', async () => {
    const patientId = await openTopUnscheduledCase();
    await expectNoCriticalAxeViolations(page, 'the case screen');
    expect(await page.getByRole('heading', { name: 'Open reasons' }).isVisible()).toBe(true);
    // The script opens in the patient's language; the caller can switch it, and either way it checks identity first.
    const script = page.locator('.script');
    expect(await script.textContent()).toMatch(/date of birth|fecha de nacimiento/);
    await script.getByRole('group', { name: 'Script language' }).getByRole('button', { name: 'English' }).click();
    expect(await script.textContent()).toContain('date of birth');
    await page.getByRole('button', { name: 'Voicemail' }).click();
    await page.getByRole('button', { name: /Voicemail allowed/ }).click();
    await page.getByRole('button', { name: 'Record Left message' }).click();
    const flash = page.getByTestId('flash');
    await flash.waitFor();
    expect(await flash.textContent()).toMatch(/^Left message recorded for .+\. Next attempt: \w{3}, \w{3} \d+, \d{1,2}:\d{2} [AP]M [A-Z]{3}/);
    await page.locator('button[data-segment="all"]').click();
    await rows(page).first().waitFor();
    expect(await page.locator(`tr[data-patient="${patientId}"]`).count()).toBe(0);
  });

  it('searches the list on the server by name and by phone in any spelling', async () => {
    await page.getByRole('link', { name: 'Worklist', exact: true }).click();
    await page.locator('button[data-segment="all"]').click();
    await rows(page).first().waitFor();
    const listed = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-patient') ?? ''));
    const withPhone = await t.store.db.selectFrom('patients as p').innerJoin('contact_points as cp', 'cp.patient_id', 'p.id')
      .select(['p.external_id', 'p.last_name', 'cp.value']).where('p.external_id', 'in', listed).where('cp.kind', '=', 'phone').where('cp.is_valid', '=', true)
      .where('cp.value', 'like', '+1__________').orderBy('p.id').limit(1).executeTakeFirstOrThrow();
    const digits = withPhone.value.slice(2);
    // Every request the page makes while searching: the search must travel in a POST body, never in a URL.
    const sent: { method: string; url: string; body: string | null }[] = [];
    const onRequest = (request: { method(): string; url(): string; postData(): string | null }) => { sent.push({ method: request.method(), url: request.url(), body: request.postData() }); };
    page.on('request', onRequest);
    const search = page.getByLabel('Search by name, id or phone');
    await page.keyboard.press('/');
    for (const spelling of [`${digits.slice(3, 6)}-${digits.slice(6)}`, `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`, `+1${digits}`]) {
      await search.fill(spelling);
      await expect.poll(() => page.locator('#search-status').textContent()).toMatch(/^Phone search: \d+ found$/);
      // The status of the previous spelling can still show while this one's rows arrive: wait for the rows.
      await expect.poll(() => page.locator(`tr[data-patient="${withPhone.external_id}"]`).count(), { message: spelling }).toBe(1);
    }
    await search.fill(withPhone.last_name.toUpperCase());
    await expect.poll(() => page.locator('#search-status').textContent()).toMatch(/^Name search: \d+ found$/);
    await expect.poll(() => page.locator(`tr[data-patient="${withPhone.external_id}"]`).count()).toBe(1);
    await search.fill('55');
    await expect.poll(() => page.locator('#search-status').textContent()).toBe('Type at least 4 digits of a phone number.');
    await search.fill('');
    await expect.poll(() => rows(page).count()).toBe(listed.length);
    page.off('request', onRequest);
    const searches = sent.filter((r) => r.url.endsWith('/api/worklist/search'));
    expect(searches.every((r) => r.method === 'POST')).toBe(true);
    expect(searches.map((r) => (JSON.parse(r.body ?? '{}') as { q?: string }).q)).toEqual(expect.arrayContaining([`+1${digits}`, withPhone.last_name.toUpperCase()]));
    for (const term of [digits.slice(6), withPhone.last_name, withPhone.last_name.toUpperCase()]) {
      expect(sent.filter((r) => decodeURIComponent(r.url).toLowerCase().includes(term.toLowerCase())).map((r) => r.url), term).toEqual([]);
    }
    expect(page.url()).not.toContain(digits.slice(6));
  });

  it('records an outcome, shows Undo with a countdown, and Undo brings the case back to the actionable list', async () => {
    const patientId = await openTopUnscheduledCase();
    const name = (await page.locator('h1').first().textContent()) ?? '';
    await page.keyboard.press('3');
    const bar = page.getByTestId('undo-bar');
    // An earlier test's bar may still be counting down: wait for this outcome's.
    await expect.poll(() => bar.getByRole('status').textContent()).toMatch(/^Recorded ‘No answer’ for \S+/);
    expect(name).toContain(((await bar.getByRole('status').textContent()) ?? '').replace('Recorded ‘No answer’ for ', '').trim());
    expect(await bar.locator('.countdown').textContent()).toMatch(/^\((10|9|8|7|6|5) s\)$/);
    await page.locator('button[data-segment="all"]').click();
    await rows(page).first().waitFor();
    expect(await page.locator(`tr[data-patient="${patientId}"]`).count()).toBe(0);

    await bar.getByRole('button', { name: /^Undo ‘No answer’ for / }).click();
    await expect.poll(() => page.getByTestId('flash').textContent()).toMatch(/^Undone: ‘No answer’ for .+ is taken back; the case is as it was before\./);
    await page.getByRole('heading', { name: 'Outcome' }).waitFor();
    expect(page.url()).toContain(`/patients/${patientId}`);
    await expect.poll(() => page.locator('.timeline li.undone').count()).toBe(1);
    expect(await bar.count()).toBe(0);

    // The keyboard does the same: U takes back the outcome just recorded.
    await page.keyboard.press('3');
    await bar.waitFor();
    await page.keyboard.press('u');
    await expect.poll(() => page.getByTestId('flash').textContent()).toMatch(/^Undone: ‘No answer’/);

    await page.getByRole('link', { name: 'Worklist', exact: true }).click();
    await page.locator('button[data-segment="all"]').click();
    await page.locator(`tr[data-patient="${patientId}"]`).waitFor();
  });

  it('records Callback requested with a time in the patient\'s zone and finds the case in Callbacks at that time', async () => {
    const patientId = await openTopUnscheduledCase();
    await page.keyboard.press('4');
    const picker = page.getByLabel(/Call back at/);
    await picker.waitFor();
    await picker.fill('2026-11-25T14:30');
    await page.getByRole('button', { name: 'Record Callback requested' }).click();
    const flash = page.getByTestId('flash');
    await expect.poll(() => flash.textContent()).toMatch(/^Callback requested recorded for .+\. Next attempt: Wed, Nov 25, 2:30 PM EST/);

    await page.locator('button[data-segment="callbacks"]').click();
    await page.getByLabel(/List as of/).fill('2026-11-25T14:30');
    await page.locator(`tr[data-patient="${patientId}"]`).waitFor();
    expect(await page.locator(`tr[data-patient="${patientId}"]`).textContent()).toContain('callback');
    await page.getByRole('button', { name: 'Back to now' }).click();
  });

  it('records Declined with a reason chip picked from the keyboard, and the attempt keeps the reason', async () => {
    const patientId = await openTopUnscheduledCase();
    await page.keyboard.press('5');
    const chips = page.getByRole('group', { name: 'Reason (optional)' });
    await chips.waitFor();
    // The row starts on "No reason given" (the reason is optional), focused; the arrow keys move along it and Enter records.
    expect(await chips.getByRole('radio', { name: 'No reason given' }).isChecked()).toBe(true);
    expect(await page.locator('input[name="outcome-reason"]:focus').getAttribute('value')).toBe('');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await chips.getByRole('radio', { name: 'Time (work or schedule)' }).isChecked()).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('flash').textContent()).toMatch(/^Declined recorded for /);
    const attempt = await t.store.db.selectFrom('attempts as a').innerJoin('patients as p', 'p.id', 'a.patient_id').select(['a.outcome', 'a.reason'])
      .where('p.external_id', '=', patientId).orderBy('a.id', 'desc').executeTakeFirstOrThrow();
    expect(attempt).toEqual({ outcome: 'declined', reason: 'time' });
  });

  it('records Needs clinical question answered and a clinical user finds it in the clinical queue and resolves it', async () => {
    const patientId = await openTopUnscheduledCase();
    await page.keyboard.press('7');
    const flash = page.getByTestId('flash');
    await expect.poll(() => flash.textContent()).toMatch(/^Needs clinical question answered recorded for .+ Now in the clinical queue, due/);

    const clinicalUser = account('clinical');
    const clinicalContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const clinical = await signIn(clinicalContext, clinicalUser.email, clinicalUser.password);
    await clinical.getByRole('link', { name: 'Queues' }).click();
    await clinical.locator('button[data-queue="clinical"]').click();
    const item = clinical.locator(`[data-testid="queue-list"] li[data-patient="${patientId}"]`);
    await item.waitFor();
    expect(await item.textContent()).toMatch(/Due .*\d{1,2}:\d{2} [AP]M/);
    await item.getByLabel('What was decided').fill('Dr. Patel answered: the crown can wait two weeks');
    await item.getByRole('button', { name: 'Resolved' }).click();
    await expect.poll(() => item.count()).toBe(0);
    await clinicalContext.close();
  });

  it('imports a patients CSV as a manager and lists every rejected row with its reason', async () => {
    const manager = officeManager;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await signIn(context, manager.email, manager.password);
    await p.getByRole('link', { name: 'Import' }).click();
    await p.getByLabel('What the file holds').selectOption('patients');
    const csv = ['patient_id,first_name,last_name,birth_date,mobile_phone,status', 'W1,Ana,Lopez,1984-03-21,512-555-0143,active',
      'W2,Ben,Ray,1990-02-30,512-555-0144,zombie', 'W3,Cy,Moe,1970-01-01,555-01,active', ',No,Id,1980-01-01,512-555-0145,active'].join('\n') + '\n';
    await p.getByLabel('File', { exact: true }).setInputFiles({ name: 'patients.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await p.getByRole('button', { name: 'Import' }).click();
    const problems = p.getByTestId('import-problems');
    await problems.waitFor();
    const text = await problems.textContent();
    expect(text).toContain('"zombie" is not one of active, inactive, deceased, archived');
    expect(text).toContain('555-01');
    expect(await problems.locator('tbody tr').count()).toBeGreaterThanOrEqual(3);
    expect(await p.getByRole('link', { name: 'Download rejected rows (CSV)' }).getAttribute('href')).toMatch(/^\/api\/imports\/\d+\/rejected\.csv$/);
    await context.close();
  });

  it('shows the policy to a manager and a change past the legal cap under its field; the weekly review and bulk assign are there', async () => {
    const manager = officeManager;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await signIn(context, manager.email, manager.password);
    await p.getByTestId('assign-bar').waitFor();
    await p.getByRole('link', { name: 'Policy' }).click();
    const perDay = p.getByLabel('Automated messages per patient per day');
    expect(await perDay.inputValue()).toBe('1');
    expect(await p.getByLabel('Snooze length after "Not ready — call later" (days)').inputValue()).toBe('45');
    await perDay.fill('2');
    await p.getByRole('button', { name: 'Save policy' }).click();
    const error = p.locator('#maxAutomatedTouchesPerLocalDay-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('at most 1 is allowed');
    await p.getByRole('link', { name: 'Weekly review' }).click();
    await p.getByRole('heading', { name: 'Weekly review' }).waitFor();
    await p.getByText(/unreachable · \d+ declined · \d+ escalated/).waitFor();
    await context.close();
  });

  it('lets a manager edit a template: the linter flags a forbidden variable and word before saving, and the fixed text saves', async () => {
    const manager = officeManager;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await signIn(context, manager.email, manager.password);
    await p.getByRole('link', { name: 'Templates' }).click();
    await p.getByLabel('Show').selectOption('sms');
    await p.getByRole('button', { name: 'Edit hygiene_recall_sms (English)' }).click();
    const body = p.getByLabel('Message');
    await expect.poll(() => p.getByTestId('template-preview').textContent()).toContain('No problems found');
    await body.fill('Hi {{patient_first_name}}, your crown is ready. Your balance is {{balance}}. Call {{practice_phone}}.');
    const findings = p.getByTestId('template-body-findings');
    await expect.poll(() => findings.locator('li').count()).toBe(3);
    const text = await findings.textContent();
    expect(text).toContain('{{balance}} is financial information and may not appear in sms');
    expect(text).toContain('"crown" reveals clinical information');
    expect(await p.getByRole('button', { name: 'Save template' }).isDisabled()).toBe(true);
    await expectNoCriticalAxeViolations(p, 'the templates page');

    await body.fill('Hi {{patient_first_name}}, it is time for your next visit at {{practice_name}}. Call {{practice_phone}}. {{opt_out_instructions}}');
    await expect.poll(() => findings.locator('li').count()).toBe(0);
    // The demo offices' names carry an en dash, which is not GSM-7: the preview says so.
    await expect.poll(() => p.getByTestId('template-preview').textContent()).toMatch(/No problems found · \d SMS segments? \((GSM-7|UCS-2), \d+ characters\)/);
    expect(await p.getByTestId('template-preview').textContent()).toContain('Hi Jordan, it is time for your next visit at ');
    await p.getByRole('button', { name: 'Save template' }).click();
    await p.getByText('Saved. Texts, emails, letters and the case screen').waitFor();
    expect(await p.locator('tr[data-template="hygiene_recall_sms/en"]').textContent()).toContain('edited');

    // A voicemail template takes a recording of its text: checked when saved, stored beside the text.
    await p.getByLabel('Show').selectOption('voicemail');
    await p.getByRole('button', { name: 'Edit missed_visit_voicemail (English)' }).click();
    const recording = p.getByLabel('Recording (optional)');
    await recording.fill('http://audio.example.com/missed.mp3');
    await p.getByRole('button', { name: 'Save template' }).click();
    await expect.poll(() => p.getByRole('alert').textContent()).toContain('the recording must be served over https (given http)');
    await recording.fill('https://audio.example.com/missed-en.mp3');
    await p.getByRole('button', { name: 'Save template' }).click();
    await p.getByText('Saved. Texts, emails, letters and the case screen').waitFor();
    const stored = await (await p.request.get(`${baseUrl}/api/templates/missed_visit_voicemail/en`)).json() as { recordingUrl: string | null };
    expect(stored.recordingUrl).toBe('https://audio.example.com/missed-en.mp3');
    await context.close();
  });

  it('has no critical axe-core violations on the worklist', async () => {
    await page.getByRole('link', { name: 'Worklist', exact: true }).click();
    await rows(page).first().waitFor();
    await expectNoCriticalAxeViolations(page, 'the worklist');
  });
});
