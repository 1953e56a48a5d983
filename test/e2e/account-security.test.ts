/**
 * Account security in Debian's Chromium against a real server (issue 13, finding 2): a user given a
 * one-time password must choose their own at first sign-in before anything else opens, and a manager
 * turns on two-step sign-in by scanning (here: reading) the key the page shows, confirming with a code
 * the test computes with otpauth, and then signs in with a code. The header says the clinic is a demo.
 */
import { Secret, TOTP } from 'otpauth';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../src/use-cases/demo-users.js';
import { addUser } from '../../src/use-cases/manage-users.js';
import { axeViolations, startBrowserApp, submitSignIn, type BrowserApp } from '../helpers/browser-app.js';

describe('account security in Chromium', () => {
  let app: BrowserApp;
  let now = new Date('2026-11-24T15:00:05Z');
  const clock = { now: () => new Date(now) };
  const signInPage = (context: BrowserContext, email: string, password: string) => submitSignIn(context, app.baseUrl, email, password);
  const expectNoCriticalAxeViolations = async (page: Page) => expect((await axeViolations(page)).filter((v) => v.impact === 'critical')).toEqual([]);

  beforeAll(async () => {
    app = await startBrowserApp({ clock, demo: { patients: 30, seed: 6, locations: 1 }, server: { signInAttemptsPerMinute: 10_000 } });
  });
  afterAll(async () => app?.close());

  it('makes a new user choose their own password at first sign-in before anything else opens', async () => {
    const { oneTimePassword } = await addUser({ store: app.t.store, clock }, { email: 'new.hire@clinic.example', role: 'front_desk', locations: ['TPA'], actor: { userId: null, kind: 'cli' } });
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await signInPage(context, 'new.hire@clinic.example', oneTimePassword as string);
    await page.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    const refused = await page.request.get(`${app.baseUrl}/api/worklist`);
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe('password_change_required');
    await expectNoCriticalAxeViolations(page);

    await page.getByLabel('One-time password').fill(oneTimePassword as string);
    await page.getByLabel('New password', { exact: true }).fill('password');
    await page.getByLabel('New password again').fill('password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.locator('#newPassword-problem').textContent()).toContain('is 8 characters long; use at least 15');

    await page.getByLabel('New password', { exact: true }).fill('lilac-ferry-compass-morning');
    await page.getByLabel('New password again').fill('lilac-ferry-compass-morning');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.getByTestId('demo-banner').textContent()).toContain('Demo clinic: made-up patients');
    expect((await page.request.get(`${app.baseUrl}/api/worklist`)).status()).toBe(200);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('new.hire@clinic.example');
    await page.getByLabel('Password').fill('lilac-ferry-compass-morning');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await context.close();
  });

  it('lets a manager turn on two-step sign-in from the account page, shows recovery codes once, and then asks for a code at sign-in', async () => {
    const manager = demoUsers.find((u) => u.role === 'manager')!;
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await signInPage(context, manager.email, manager.password);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.locator('#enrol-password').fill(manager.password);
    await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.getByRole('img', { name: 'QR code to add Recare to your authenticator app' }).getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    const authenticator = new TOTP({ issuer: 'Recare', label: manager.email, secret: Secret.fromBase32(secret) });

    await page.getByLabel('Code from the app').fill(authenticator.generate({ timestamp: now.getTime() }));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    const codes = page.getByTestId('recovery-codes');
    await codes.waitFor();
    expect(await codes.locator('li').count()).toBe(10);
    await expectNoCriticalAxeViolations(page);
    await page.getByRole('button', { name: 'I have stored them' }).click();
    await page.getByText('Two-step sign-in is on: signing in asks for a code from your authenticator app. 10 recovery codes left.').waitFor();
    expect(await page.getByTestId('recovery-codes').count()).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    now = new Date(now.getTime() + 30_000);
    await page.getByLabel('Email').fill(manager.email);
    await page.getByLabel('Password').fill(manager.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.form-error').textContent()).toBe('Enter the 6-digit code from your authenticator app (or one of your recovery codes).');
    await page.getByLabel('Authenticator code (or a recovery code)').fill(authenticator.generate({ timestamp: now.getTime() }));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await context.close();
  });
});
