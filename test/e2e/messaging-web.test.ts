/**
 * Messaging in the web app, in Debian's Chromium against the real server on loopback (embedded
 * database, demo clinic, every channel through the sandbox) at a fixed clock (Tue 2026-11-24 12:00 in
 * Tampa). Before the server starts, that morning's dispatcher passes run, the recall coordinator texts
 * a few dozen hygiene patients a template (through the same hand-off, gate included), and the sandbox
 * reports deliveries and patients' replies, so cases carry real conversations. The browser then reads a
 * conversation on the case screen, sends free text past the linter's warning (delivered when the sandbox
 * reports) and a template from the keyboard, works the Outbox (filters, counts, the pause switch and its
 * banner on every page), and sends a test message from the Channels page; at desktop and tablet sizes,
 * with axe-core on each screen.
 */
import type { BrowserContext, Page } from 'playwright-core';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxMessaging } from '../../src/app.js';
import { fixedClock } from '../../src/clock.js';
import type { Store } from '../../src/db/open-store.js';
import { runSandboxActivity } from '../../src/use-cases/messaging/run-sandbox-activity.js';
import { demoUsers } from '../../src/use-cases/demo-users.js';
import { sendStaffMessage } from '../../src/use-cases/messaging/conversation.js';
import { dispatchDueTouches } from '../../src/use-cases/messaging/dispatch-due-touches.js';
import type { MessagingDeps } from '../../src/use-cases/messaging/messaging-deps.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { axeViolations, startBrowserApp, submitSignIn, type BrowserApp } from '../helpers/browser-app.js';
import type { TestStore } from '../helpers/databases.js';

const now = '2026-11-24T17:00:00Z';
const account = (role: string) => {
  const user = demoUsers.find((u) => u.role === role);
  if (!user) throw new Error(`no demo ${role}`);
  return user;
};
const tablet = { width: 820, height: 1180 };

/** Messaging at an instant of its own: the sandbox stamps what it accepts, and reports, with its clock. */
const messagingAt = (store: Store, iso: string): MessagingDeps => {
  const clock = fixedClock(iso);
  return { store, clock, log: pino({ level: 'silent' }), ...sandboxMessaging(store) };
};

describe('messaging in the web app (Chromium)', () => {
  let app: BrowserApp;
  let t: TestStore;
  let manager: BrowserContext;
  let page: Page;
  /** A patient whose case has a delivered text and a reply to it. */
  let conversationPatient: { externalId: string; caseId: number; reply: string };

  async function signIn(context: BrowserContext, role: string): Promise<Page> {
    const user = account(role);
    const p = await submitSignIn(context, app.baseUrl, user.email, user.password);
    await p.getByRole('navigation', { name: 'Main' }).waitFor();
    return p;
  }

  async function expectNoCriticalAxeViolations(p: Page, where: string): Promise<void> {
    const violations = await axeViolations(p);
    console.log(`axe on ${where}: ${violations.length === 0 ? 'no violations' : violations.map((v) => `${v.id} (${v.impact}, ${v.nodes})`).join(', ')}`);
    expect(violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
  }

  /** Nothing sticks out sideways: the page fits the viewport's width. */
  async function expectNoSidewaysScroll(p: Page, where: string): Promise<void> {
    const widths = await p.evaluate(() => {
      const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return { scroll: d.scrollWidth, client: d.clientWidth };
    });
    expect(widths.scroll, where).toBeLessThanOrEqual(widths.client);
  }

  beforeAll(async () => {
    app = await startBrowserApp({
      clock: fixedClock(now),
      demo: { patients: 400, seed: 5, locations: 3 },
      prepare: async (deps) => {
        await planPatients({ ...deps, clock: fixedClock('2026-11-24T12:00:00Z') }, { full: true });
        for (const at of ['2026-11-24T13:00:00Z', '2026-11-24T14:00:00Z', '2026-11-24T15:00:00Z']) await dispatchDueTouches(messagingAt(deps.store, at));
        // Fresh cases start with calls (texts come at a later cadence step), so the coordinator texts some.
        const coordinator = await deps.store.db.selectFrom('users').select('id').where('email', '=', account('coordinator').email).executeTakeFirstOrThrow();
        const hygiene = await deps.store.db.selectFrom('cases').select('id').where('lead_program_key', '=', 'hygiene').where('state', '=', 'open').orderBy('id').limit(60).execute();
        const morning = messagingAt(deps.store, '2026-11-24T15:30:00Z');
        for (const c of hygiene) {
          await sendStaffMessage(morning, { caseId: c.id, scope: { allLocations: true, locationIds: [] }, userId: coordinator.id, channel: 'sms', templateKey: 'hygiene_recall_sms' });
        }
        const later = messagingAt(deps.store, '2026-11-24T15:35:00Z');
        await runSandboxActivity(later);
      },
    });
    t = app.t;
    const replied = await t.store.db.selectFrom('inbound_messages as i')
      .innerJoin('cases as c', 'c.id', 'i.case_id').innerJoin('patients as p', 'p.id', 'c.patient_id')
      .select(['p.external_id', 'c.id as case_id', 'i.body'])
      .where('i.intent', '=', 'other').where('c.state', '!=', 'closed')
      .where((eb) => eb.exists(eb.selectFrom('outbox as o').select('o.id').whereRef('o.case_id', '=', 'c.id').where('o.channel', '=', 'sms').where('o.delivery_state', '=', 'delivered')))
      .orderBy('i.id').limit(1).executeTakeFirst();
    if (!replied) throw new Error('the sandbox produced no conversation with a reply this morning');
    conversationPatient = { externalId: replied.external_id, caseId: Number(replied.case_id), reply: replied.body };
    manager = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await signIn(manager, 'manager');
  });
  afterAll(async () => app?.close());

  it('shows the conversation on the case screen: the delivered text with its badge and the patient\'s reply highlighted', async () => {
    await page.goto(`${app.baseUrl}/patients/${conversationPatient.externalId}`);
    const panel = page.getByTestId('conversation');
    await panel.locator('.thread').waitFor();
    const delivered = panel.locator('li.msg-out').filter({ has: page.locator('.badge[data-delivery="delivered"]') });
    expect(await delivered.count()).toBeGreaterThan(0);
    expect(await delivered.first().locator('.badge[data-delivery="delivered"]').textContent()).toBe('Delivered');
    expect(await delivered.first().textContent()).toContain('Sent by Recall coordinator');
    const reply = panel.locator('li.msg-in').filter({ hasText: conversationPatient.reply });
    await reply.first().waitFor();
    expect(await reply.first().locator('.badge').first().textContent()).toBe('Reply');
    // Oldest first: the reply comes after the text it answers.
    const order = await panel.locator('li.msg').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-direction')));
    expect(order.indexOf('in')).toBeGreaterThan(order.indexOf('out'));
    await expectNoCriticalAxeViolations(page, 'the case screen with a conversation');
  });

  it('warns on free text that names a procedure, sends it on "Send anyway", and shows it delivered when the sandbox reports', async () => {
    const panel = page.getByTestId('conversation');
    const before = await panel.locator('li.msg-out').count();
    await page.locator('#message-template').selectOption('');
    await page.getByLabel('Your text').fill('Hi, your crown is ready to be fitted. Call us back when you can.');
    await page.getByRole('button', { name: 'Send text' }).click();
    const warnings = page.getByTestId('composer-warnings');
    await warnings.waitFor();
    expect(await warnings.textContent()).toContain('crown');
    expect(await panel.locator('li.msg-out').count()).toBe(before);

    await page.getByRole('button', { name: 'Send anyway' }).click();
    const result = page.getByTestId('composer-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/^The text is (on its way|queued)/);
    await expect.poll(() => panel.locator('li.msg-out').count()).toBe(before + 1);
    const sent = panel.locator('li.msg-out').last();
    expect(await sent.textContent()).toContain('your crown is ready');
    expect(await sent.textContent()).toContain('Sent by Practice manager');
    expect(await sent.locator('.badge').first().getAttribute('data-delivery')).not.toBe('delivered');

    // A minute later the sandbox reports the delivery; the thread shows it.
    const later = messagingAt(t.store, '2026-11-24T17:01:00Z');
    expect((await runSandboxActivity(later)).deliveries).toBe(1);
    await panel.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => panel.locator('li.msg-out').last().locator('.badge').first().textContent()).toBe('Delivered');
    const stored = await t.store.db.selectFrom('outbox').select(['free_text', 'delivery_state']).where('case_id', '=', conversationPatient.caseId)
      .where('origin', '=', 'staff').where('template_key', 'is', null).execute();
    expect(stored).toEqual([{ free_text: 'Hi, your crown is ready to be fitted. Call us back when you can.', delivery_state: 'delivered' }]);
  });

  it('sends a template from the keyboard on a tablet: m picks the message, Ctrl+Enter sends', async () => {
    const context = await app.browser.newContext({ viewport: tablet });
    const p = await signIn(context, 'coordinator');
    await p.goto(`${app.baseUrl}/patients/${conversationPatient.externalId}`);
    const panel = p.getByTestId('conversation');
    await panel.locator('.thread').waitFor();
    await expectNoSidewaysScroll(p, 'case screen');
    const before = await panel.locator('li.msg-out').count();
    await p.keyboard.press('m');
    expect(await p.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('message-template');
    await p.locator('#message-template').selectOption('hygiene_recall_sms');
    await p.keyboard.press('Control+Enter');
    await p.getByTestId('composer-result').waitFor();
    await expect.poll(() => panel.locator('li.msg-out').count()).toBe(before + 1);
    expect(await panel.locator('li.msg-out').last().textContent()).toContain('Sent by Recall coordinator');
    await context.close();
  });

  it('lists the Outbox by state with counts, and a filter shows only that state', async () => {
    await page.getByRole('link', { name: 'Outbox' }).click();
    const table = page.getByTestId('outbox');
    await table.waitFor();
    const sentCount = Number(await page.locator('button[data-outbox-state="sent"] .count').textContent());
    expect(sentCount).toBeGreaterThan(0);
    await page.locator('button[data-outbox-state="sent"]').click();
    await page.locator('button[data-outbox-state="sent"][aria-pressed="true"]').waitFor();
    await expect.poll(async () => [...new Set(await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-state'))))]).toEqual(['sent']);
    expect(page.url()).toMatch(/\/outbox\/sent$/);
    expect(await table.locator('tbody tr').count()).toBe(Math.min(sentCount, 100));
    await page.getByTestId('unmatched').waitFor();
    await expectNoCriticalAxeViolations(page, 'the Outbox');
  });

  it('pauses automated messages with a reason: the banner shows on every page and to the front desk, and resuming removes it', async () => {
    await page.locator('button[data-outbox-state="all"]').click();
    await page.getByLabel('Reason (optional; kept in the audit log)').fill('checking the new office number');
    const toggle = page.getByRole('switch', { name: 'Pause all automated messages' });
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    const banner = page.getByTestId('pause-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/^Automated messages are paused — by Practice manager at Tue, Nov 24, 12:00 PM EST\. Reason: “checking the new office number”\./);

    await page.getByRole('link', { name: 'Worklist', exact: true }).click();
    await banner.waitFor();
    const pause = await t.store.db.selectFrom('audit_events').select(['action']).where('action', 'in', ['messaging.pause', 'messaging.resume']).execute();
    expect(pause.map((e) => e.action)).toEqual(['messaging.pause']);

    const deskContext = await app.browser.newContext({ viewport: tablet });
    const desk = await signIn(deskContext, 'front_desk');
    const deskBanner = desk.getByTestId('pause-banner');
    await deskBanner.waitFor();
    expect(await deskBanner.getByRole('link').count()).toBe(0);
    expect(await desk.getByRole('link', { name: 'Outbox' }).count()).toBe(0);
    await deskContext.close();

    await banner.getByRole('link', { name: 'Open the Outbox to resume' }).click();
    await page.getByRole('switch', { name: 'Pause all automated messages', checked: true }).click();
    await expect.poll(() => banner.count()).toBe(0);
  });

  it('fits a tablet: the Outbox scrolls only up and down', async () => {
    const context = await app.browser.newContext({ viewport: tablet });
    const p = await signIn(context, 'manager');
    await p.goto(`${app.baseUrl}/outbox`);
    await p.getByTestId('outbox').waitFor();
    await expectNoSidewaysScroll(p, 'outbox');
    await context.close();
  });

  it('shows an administrator the channels (sandbox, variables not set) and sends a test message', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const admin = await signIn(context, 'admin');
    await admin.getByRole('link', { name: 'Channels' }).click();
    const sms = admin.getByTestId('provider-sms');
    await sms.waitFor();
    expect(await sms.locator('.badge').first().textContent()).toMatch(/^Sandbox/);
    expect(await sms.locator('tr[data-setting="TWILIO_ACCOUNT_SID"]').textContent()).toBe('TWILIO_ACCOUNT_SIDnot set');
    await admin.getByLabel('Mobile number').fill('+15125550143');
    await admin.getByRole('button', { name: 'Send test message' }).click();
    const result = admin.getByTestId('test-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/^(Test message \d+ is (sent|queued)|Not sent \((skipped|failed)\): .+)/);
    const tests = await t.store.db.selectFrom('outbox').select(['channel']).where('origin', '=', 'test').execute();
    expect(tests).toEqual([{ channel: 'sms' }]);
    await expectNoCriticalAxeViolations(admin, 'the Channels page');
    await context.close();
  });
});
