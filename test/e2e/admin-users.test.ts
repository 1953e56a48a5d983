/**
 * The Users page in Chromium (issue 14): at tablet width (820×1180) an administrator adds a user and
 * reads the one-time password shown once; the new user signs in with it in a second browser context
 * and chooses their own password; the administrator deactivates them and the second context's next
 * request lands on the sign-in form; a password reset shows a new one-time password once. A manager
 * sees the list and no controls. The page fits the tablet width and has no critical axe violation.
 * Fixed clock: Tue 2026-11-24 10:00 in Tampa.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { demoUsers } from '../../src/use-cases/demo-users.js';
import { axeViolations, startBrowserApp, submitSignIn, type BrowserApp } from '../helpers/browser-app.js';

const tablet = { width: 820, height: 1180 };
const demo = (role: string) => demoUsers.find((u) => u.role === role)!;
const newHire = 'casey.frontdesk@clinic.example';
const chosenPassword = 'harbor-willow-lantern-seventy';

describe('Users administration page in Chromium', () => {
  let app: BrowserApp;
  let adminContext: BrowserContext;
  let hireContext: BrowserContext;
  let admin: Page;
  let hire: Page;

  async function signIn(context: BrowserContext, email: string, password: string): Promise<Page> {
    const page = await submitSignIn(context, app.baseUrl, email, password);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    return page;
  }
  const row = (email: string) => admin.locator(`tr[data-user="${email}"]`);
  const oneTimePassword = async () => (await admin.getByTestId('one-time-password-value').textContent())!.trim();

  beforeAll(async () => {
    app = await startBrowserApp({ clock: fixedClock('2026-11-24T15:00:00Z'), demo: { patients: 30, seed: 8, locations: 2 }, server: { signInAttemptsPerMinute: 10_000 } });
    adminContext = await app.browser.newContext({ viewport: tablet, bypassCSP: true });
    hireContext = await app.browser.newContext({ viewport: tablet, bypassCSP: true });
  });
  afterAll(async () => app?.close());

  it('adds a user and shows the one-time password once; the page fits 820 px and passes axe', async () => {
    admin = await signIn(adminContext, demo('admin').email, demo('admin').password);
    await admin.getByRole('link', { name: 'Users', exact: true }).click();
    await admin.getByRole('heading', { name: 'Add a user' }).waitFor();
    await row(demo('admin').email).waitFor();

    const form = admin.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Email').fill(newHire);
    await form.getByLabel('Name (optional)').fill('Casey');
    await form.getByLabel('Role').selectOption('front_desk');
    await form.getByRole('group', { name: 'Offices' }).getByLabel(/\(TPA\)$/).check();
    await form.getByRole('button', { name: 'Add user' }).click();
    await admin.getByTestId('one-time-password').waitFor();
    expect(await admin.getByTestId('one-time-password').textContent()).toContain(`Added ${newHire}.`);
    expect(await oneTimePassword()).toMatch(/^\S{12,}$/);
    await row(newHire).waitFor();
    expect(await row(newHire).textContent()).toMatch(/Casey.*Front desk.*TPA.*Active.*never/);

    const widths = (selector: string) => admin.locator(selector).evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    for (const selector of ['html', '.table-scroll']) {
      const { scrollWidth, clientWidth } = await widths(selector);
      expect(scrollWidth, selector).toBeLessThanOrEqual(clientWidth);
    }
    const violations = await axeViolations(admin);
    expect(violations.filter((v) => v.impact === 'critical')).toEqual([]);
  });

  it('the new user signs in with it in a second browser and must choose their own password first', async () => {
    const otp = await oneTimePassword();
    hire = await submitSignIn(hireContext, app.baseUrl, newHire, otp);
    await hire.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    await hire.getByLabel('One-time password').fill(otp);
    await hire.getByLabel('New password', { exact: true }).fill(chosenPassword);
    await hire.getByLabel('New password again').fill(chosenPassword);
    await hire.getByRole('button', { name: 'Change password' }).click();
    await hire.getByRole('navigation', { name: 'Main' }).waitFor();
    // Front desk has no Users page.
    expect(await hire.getByRole('link', { name: 'Users', exact: true }).count()).toBe(0);
    // The password stays on screen until the admin hides it; hiding it removes it from the page.
    await admin.getByRole('button', { name: 'I have handed it over; hide it' }).click();
    expect(await admin.getByTestId('one-time-password').count()).toBe(0);
  });

  it('the administrator changes their offices, then deactivates them, and the second browser\'s next request signs it out', async () => {
    await admin.getByRole('button', { name: `Change role and offices of ${newHire}` }).click();
    const form = admin.getByRole('form', { name: `Role and offices of ${newHire}` });
    await form.getByLabel('All offices').check();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => admin.getByTestId('users-notice').textContent()).toBe(`Saved the role and offices of ${newHire}.`);
    await expect.poll(() => row(newHire).textContent()).toContain('All offices');

    await admin.getByRole('button', { name: `Deactivate ${newHire}` }).click();
    await expect.poll(() => admin.getByTestId('users-notice').textContent()).toBe(`Deactivated ${newHire}; 1 session ended.`);
    await expect.poll(() => row(newHire).textContent()).toContain('Deactivated');

    const refused = await hire.request.get(`${app.baseUrl}/api/workspace`);
    expect(refused.status()).toBe(401);
    expect((await refused.json()).error.code).toBe('unauthenticated');
    await hire.getByRole('link', { name: 'Queues', exact: true }).click();
    await hire.getByRole('button', { name: 'Sign in' }).waitFor();
    const again = await submitSignIn(hireContext, app.baseUrl, newHire, chosenPassword);
    await again.getByRole('alert').waitFor();
    expect(await again.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
  });

  it('the administrator sets the phone their calls ring: a bad number is refused with why, a good one is kept in E.164', async () => {
    await admin.getByRole('button', { name: `Change role and offices of ${newHire}` }).click();
    const form = admin.getByRole('form', { name: `Phone of ${newHire}` });
    await form.getByLabel('Phone Recare rings for their calls').fill('555-01');
    await form.getByRole('button', { name: 'Save phone' }).click();
    await expect.poll(() => admin.getByTestId('users-notice').textContent()).toContain('"555-01" is not a valid phone number; give the desk or mobile number to ring, with its country code, e.g. +18135550142.');
    await form.getByLabel('Phone Recare rings for their calls').fill('(813) 234-5699');
    await form.getByRole('button', { name: 'Save phone' }).click();
    await expect.poll(() => admin.getByTestId('users-notice').textContent()).toBe(`Calls for ${newHire} now ring +18132345699.`);
    expect(await row(newHire).getByTestId('user-phone').textContent()).toBe('Calls ring +18132345699');
    const listed = await admin.request.get(`${app.baseUrl}/api/users`);
    expect((await listed.json()).users.find((u: { email: string }) => u.email === newHire).phone).toBe('+18132345699');
  });

  it('reactivates them and resets their password: a new one-time password, shown once', async () => {
    await admin.getByRole('button', { name: `Reactivate ${newHire}` }).click();
    await expect.poll(() => admin.getByTestId('users-notice').textContent()).toBe(`Reactivated ${newHire}.`);
    await admin.getByRole('button', { name: `Reset the password of ${newHire}` }).click();
    await admin.getByTestId('one-time-password').waitFor();
    expect(await admin.getByTestId('one-time-password').textContent()).toContain(`Reset the password of ${newHire}; their sessions ended.`);
    const otp = await oneTimePassword();
    const page = await submitSignIn(hireContext, app.baseUrl, newHire, otp);
    await page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
  });

  it('a manager sees the list and no controls', async () => {
    const context = await app.browser.newContext({ viewport: tablet, bypassCSP: true });
    const manager = await signIn(context, demo('manager').email, demo('manager').password);
    await manager.getByRole('link', { name: 'Users', exact: true }).click();
    await manager.locator(`tr[data-user="${newHire}"]`).waitFor();
    expect(await manager.getByRole('heading', { name: 'Add a user' }).count()).toBe(0);
    expect(await manager.getByRole('button', { name: `Deactivate ${newHire}` }).count()).toBe(0);
    expect(await manager.getByText('Only an administrator changes accounts.').count()).toBe(1);
  });
});
