/**
 * The patient page in Debian's Chromium at 390×844, in English and Spanish, against the real server
 * (embedded database, demo clinic, Tampa office with a hygienist's schedule) at a fixed clock: a
 * patient opens their link, confirms their date of birth, picks a time; the front desk sees the
 * request at the top of the worklist, opens the case and confirms it (Scheduled). A second patient
 * uses a preferences link to stop texts, after which the contact gate refuses texts to that number.
 * The page's bytes on the wire at first load are printed and held under 100 KB.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { issueLink } from '../../src/use-cases/booking/issue-link.js';
import { checkContact } from '../../src/use-cases/check-contact.js';
import { demoUsers } from '../../src/use-cases/demo-users.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { axeViolations, startBrowserApp, submitSignIn, type BrowserApp } from '../helpers/browser-app.js';

// Tuesday 2026-11-24 08:00 in Tampa.
const now = '2026-11-24T13:00:00Z';
const phone = { width: 390, height: 844 };
const desk = demoUsers.find((u) => u.email.startsWith('desk.tampa'))!;

interface Chosen { externalId: string; patientId: number; firstName: string; lastName: string; language: string }

describe('the patient page (Chromium, 390×844)', () => {
  let app: BrowserApp;
  const chosen: Chosen[] = [];

  beforeAll(async () => {
    app = await startBrowserApp({
      clock: fixedClock(now),
      demo: { patients: 80, seed: 11, locations: 1 },
      prepare: async (deps) => {
        await planPatients(deps, { full: true });
        const { db } = deps.store;
        const office = await db.selectFrom('locations').select('id').where('external_id', '=', 'TPA').executeTakeFirstOrThrow();
        const hygienist = (await db.insertInto('providers').values({ external_id: 'WEB-H1', name: 'Hygienist One', role: 'hygienist', location_id: office.id }).returning('id').executeTakeFirstOrThrow()).id;
        await db.insertInto('provider_schedules').values([1, 2, 3, 4, 5].map((weekday) => ({ location_id: office.id, provider_id: hygienist, chair: 'Op 9', weekday, starts_at: '08:00', ends_at: '17:00' }))).execute();
        // Three patients of Tampa with an open hygiene case and a mobile number: English, Spanish, English.
        for (const language of ['en', 'es', 'en']) {
          const row = await db.selectFrom('cases as c').innerJoin('patients as p', 'p.id', 'c.patient_id')
            .select(['p.id', 'p.external_id', 'p.first_name', 'p.last_name', 'p.preferred_name'])
            .where('c.state', 'in', ['open', 'waiting']).where('c.lead_program_key', '=', 'hygiene').where('c.location_id', '=', office.id)
            .where((eb) => eb.exists(eb.selectFrom('contact_points as cp').select('cp.id').whereRef('cp.patient_id', '=', 'p.id').where('cp.kind', '=', 'phone').where('cp.use', '=', 'mobile')))
            .where('p.id', 'not in', chosen.length ? chosen.map((c) => c.patientId) : [0]).orderBy('p.id').limit(1).executeTakeFirstOrThrow();
          await db.updateTable('patients').set({ birth_date: language === 'en' ? '1984-02-29' : '1979-10-05', language, preferred_name: null }).where('id', '=', row.id).execute();
          chosen.push({ externalId: row.external_id, patientId: row.id, firstName: row.first_name, lastName: row.last_name, language });
        }
      },
    });
  }, 300_000);
  afterAll(async () => { await app?.close(); });

  async function openLink(url: string): Promise<{ page: Page; bytes: number }> {
    const context = await app.browser.newContext({ viewport: phone, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    let bytes = 0;
    page.on('response', async (response) => {
      const headers = await response.allHeaders();
      bytes += Number(headers['content-length'] ?? (await response.body().catch(() => Buffer.alloc(0))).length) + Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
    });
    await page.goto(`${app.baseUrl}${url}`, { waitUntil: 'load' });
    return { page, bytes };
  }

  it('English: open the link, confirm the date of birth, pick a time; the front desk sees it first and confirms it', async () => {
    const [patient] = chosen;
    const link = await issueLink({ store: app.t.store, clock: fixedClock(now) }, { patient: patient!.externalId, baseUrl: null });
    const { page, bytes } = await openLink(link.url);
    console.log(`patient page, first load: ${bytes} bytes transferred`);
    expect(bytes).toBeLessThan(100 * 1024);
    expect(await page.title()).toBe('Your appointment page');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const text = await page.locator('body').innerText();
    expect(text).toContain(`Hi ${patient!.firstName}`);
    expect(text).not.toContain(patient!.lastName);
    const violations = await axeViolations(page);
    expect(violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);

    await page.getByLabel('Date of birth').fill('1984-02-29');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Pick a time' }).waitFor();
    const first = page.getByRole('radio').first();
    const picked = (await first.locator('xpath=..').innerText()).trim();
    expect(picked).toMatch(/^(Monday|Tuesday|Wednesday|Thursday|Friday), (November|December) \d{1,2}, \d{1,2}:\d\d (AM|PM)$/);
    await page.getByRole('button', { name: 'Request this time' }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    expect(await page.getByRole('status').innerText()).toContain(`We received your request (${picked})`);
    await page.context().close();

    const staff = await app.browser.newContext({ viewport: phone });
    const desktop = await submitSignIn(staff, app.baseUrl, desk.email, desk.password);
    const top = desktop.locator('[data-testid="worklist"] tbody tr[data-patient]').first();
    await top.waitFor();
    expect(await top.getAttribute('data-patient')).toBe(patient!.externalId);
    expect(await top.innerText()).toMatch(/Patient asked for (Mon|Tue|Wed|Thu|Fri) \d{1,2}:\d\d/);
    await desktop.goto(`${app.baseUrl}/patients/${encodeURIComponent(patient!.externalId)}`);
    const requests = desktop.getByTestId('booking-requests');
    await requests.waitFor();
    await requests.getByRole('button', { name: 'Confirm booking' }).click();
    await desktop.getByText(`Scheduled recorded for`).first().waitFor();
    const state = await app.t.store.db.selectFrom('cases').select('state').where('patient_id', '=', patient!.patientId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(state.state).toBe('scheduled');
    await staff.close();
  }, 120_000);

  it('Spanish: a preferences link to stop texts; the gate then refuses texts to that number', async () => {
    const [, patient] = chosen;
    const deps = { store: app.t.store, clock: fixedClock(now) };
    const before = await checkContact(deps, { patient: patient!.externalId, channel: 'sms', purpose: 'recall_due', automated: false });
    expect(before.decision.reasons.map((r) => r.code)).not.toContain('opted_out');
    const link = await issueLink(deps, { patient: patient!.externalId, purpose: 'preferences', baseUrl: null });
    const { page, bytes } = await openLink(link.url);
    console.log(`patient page (es), first load: ${bytes} bytes transferred`);
    expect(bytes).toBeLessThan(100 * 1024);
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.title()).toBe('Su página de citas');
    await page.getByLabel('Fecha de nacimiento').fill('1979-10-05');
    await page.getByRole('button', { name: 'Continuar' }).click();
    await page.getByRole('heading', { name: 'Sus preferencias de contacto' }).waitFor();
    const violations = await axeViolations(page);
    expect(violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
    await page.getByLabel('No enviar más mensajes de texto').check();
    await page.getByRole('button', { name: 'Guardar preferencias' }).click();
    await page.getByRole('heading', { name: 'Gracias' }).waitFor();
    expect(await page.getByRole('status').innerText()).toBe('Sus preferencias se guardaron.');
    // Asked exactly as before: the only new reason the gate gives is the opt-out.
    const after = await checkContact(deps, { patient: patient!.externalId, channel: 'sms', purpose: 'recall_due', automated: false });
    expect(after.decision.allowed).toBe(false);
    expect(after.decision.reasons.map((r) => r.code)).toContain('opted_out');
    const optOut = await app.t.store.db.selectFrom('opt_outs').select(['channel', 'received_via']).where('patient_id', '=', patient!.patientId).where('revoked_at', 'is', null).execute();
    expect(optOut).toContainEqual({ channel: 'sms', received_via: 'portal' });
    // The link is spent with the opt-out: looking again shows the same page as any dead link.
    await page.goto(`${app.baseUrl}${link.url}`);
    expect(await page.getByRole('heading').first().innerText()).toBe('This link can no longer be used');
    await page.context().close();
  }, 120_000);

  it('a proposal: the patient sends days and a time of day; the front desk books a matching free time in one action', async () => {
    const patient = chosen[2]!;
    const link = await issueLink({ store: app.t.store, clock: fixedClock(now) }, { patient: patient.externalId, baseUrl: null });
    const { page } = await openLink(link.url);
    await page.getByLabel('Date of birth').fill('1984-02-29');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'None of these work?' }).waitFor();
    await page.getByLabel('Thursday').check();
    await page.getByLabel('Afternoon').first().check();
    await page.getByRole('button', { name: 'Send my times' }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    await page.context().close();

    const staff = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const desktop = await submitSignIn(staff, app.baseUrl, desk.email, desk.password);
    await desktop.locator('[data-testid="worklist"]').waitFor();
    await desktop.goto(`${app.baseUrl}/patients/${encodeURIComponent(patient.externalId)}`);
    const requests = desktop.getByTestId('booking-requests');
    await requests.waitFor();
    expect(await requests.innerText()).toContain('Patient proposed Thu afternoons');
    const times = requests.locator('select');
    const options = await times.locator('option').allInnerTexts();
    expect(options.length).toBeGreaterThan(0);
    for (const option of options) expect(option).toMatch(/^Thu, (Nov|Dec) \d{1,2} · ([1-4]|12):\d\d PM$/);
    const chosenTime = await times.inputValue();
    await requests.getByRole('button', { name: 'Book this time' }).click();
    await desktop.getByText('Scheduled recorded for').first().waitFor();
    const booked = await app.t.store.db.selectFrom('appointments').select('starts_at').where('patient_id', '=', patient.patientId).where('external_source', '=', 'recare').executeTakeFirstOrThrow();
    expect(booked.starts_at.toISOString()).toBe(chosenTime);
    await staff.close();
  }, 120_000);
});
