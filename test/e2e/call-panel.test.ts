/**
 * The Call panel in Debian's Chromium against the real server (demo clinic out of demo mode, voice through
 * the real Twilio adapter against the loopback stand-in), at a fixed clock inside calling hours (Tue
 * 2026-11-24 12:00 in Tampa). The stand-in plays Twilio: it rings the staff phone, fetches the bridge when
 * it answers, dials the patient and posts the signed status callbacks. On one case: Call, "Ringing the
 * patient…", "Answered", the patient hangs up, the outcome panel shows the call's length and the outcome is
 * recorded. On another: the patient's voicemail answers and the v key drops the approved message,
 * recorded as "Left message".
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioVoice } from '../../src/channels/voice/twilio-voice.js';
import { fixedClock } from '../../src/clock.js';
import { endDemoMode } from '../../src/db/queries/demo-mode.js';
import { addUser } from '../../src/use-cases/manage-users.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { defaultVoiceSettings } from '../../src/use-cases/voice/voice-deps.js';
import { startBrowserApp, submitSignIn, type BrowserApp } from '../helpers/browser-app.js';
import { startTwilioStandIn, type StandInCall, type TwilioStandIn } from '../helpers/twilio-stand-in.js';

const now = '2026-11-24T17:00:00Z';
const accountSid = `AC${'d4'.repeat(16)}`;
const authToken = 'a'.repeat(32);
const callerId = '+18135550100';
const staffPhone = '+18132345699';
const publicBaseUrl = 'https://recare.example.org';
/** Demo mode's published accounts stop working when it ends, so the desk has an account of its own. */
const desk = { email: 'caller@clinic.example', password: 'harbor-call-panel-2026' };

describe('the Call panel against the Twilio stand-in (Chromium)', () => {
  let app: BrowserApp;
  let twilio: TwilioStandIn;
  let page: Page;
  /** Open cases the gate lets the front desk call now, by patient id. */
  const callable: { caseId: number; patientId: string }[] = [];
  const target = (url: string) => ({ signedUrl: url, postUrl: url.replace(publicBaseUrl, app.baseUrl) });

  beforeAll(async () => {
    const clock = fixedClock(now);
    twilio = await startTwilioStandIn({ accountSid, authToken, clock, ownedNumbers: [callerId] });
    app = await startBrowserApp({
      clock,
      demo: { patients: 200, seed: 7, locations: 1 },
      prepare: async (deps) => {
        await planPatients(deps, { full: true });
        await endDemoMode(deps.store.db, clock.now(), { actorUserId: null, actorKind: 'cli', remoteAddress: null, details: {} });
        await deps.store.db.updateTable('locations').set({ caller_id: callerId }).execute();
        const added = await addUser(deps, { email: desk.email, displayName: 'Caller', role: 'front_desk', locations: 'all', password: desk.password, actor: { userId: null, kind: 'cli' } });
        await deps.store.db.updateTable('users').set({ phone: staffPhone }).where('id', '=', added.userId).execute();
      },
      serverDeps: { voice: { provider: createTwilioVoice({ accountSid, authToken, apiBaseUrl: twilio.baseUrl, clock }), settings: { ...defaultVoiceSettings, publicBaseUrl } } },
    });
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page = await submitSignIn(context, app.baseUrl, desk.email, desk.password);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const list = await (await page.request.get(`${app.baseUrl}/api/worklist`)).json() as { rows: { caseId: number; patientId: string }[] };
    for (const row of list.rows) {
      const voice = await (await page.request.get(`${app.baseUrl}/api/cases/${row.caseId}/voice`)).json() as { allowed: boolean; mode: string };
      if (voice.mode === 'provider' && voice.allowed) callable.push(row);
      if (callable.length === 2) break;
    }
    expect(callable).toHaveLength(2);
  });

  afterAll(async () => {
    await app?.close();
    await twilio?.close();
  });

  const callState = () => page.locator('[data-call-state]').textContent();

  /** Call from the panel; the staff phone answers and the stand-in dials the patient as the bridge asks. */
  async function callAndBridge(patientId: string, start: () => Promise<void>): Promise<{ patientLeg: StandInCall; status: string }> {
    await page.goto(`${app.baseUrl}/patients/${encodeURIComponent(patientId)}`);
    await page.getByRole('heading', { name: 'Call', exact: true }).waitFor();
    const placedBefore = twilio.calls.filter((c) => c.direction === 'outbound-api').length;
    await start();
    await twilio.waitForCalls(placedBefore + 1);
    const staffLeg = twilio.calls.filter((c) => c.direction === 'outbound-api').at(-1)!;
    expect(staffLeg.to).toBe(staffPhone);
    await expect.poll(callState).toBe('Ringing your phone…');
    const bridge = await twilio.answerCall(staffLeg.sid, target);
    expect(bridge.status).toBe(200);
    const number = /<Number statusCallback="([^"]+)"[^>]*>([^<]+)<\/Number>/.exec(bridge.body)!;
    const status = number[1]!.replace(/&amp;/g, '&');
    const patientLeg = twilio.dialChild(staffLeg.sid, number[2]!, status);
    return { patientLeg, status };
  }

  it('calls, follows the call to its end, shows its length and records the outcome', async () => {
    const { patientId } = callable[0]!;
    const { patientLeg, status } = await callAndBridge(patientId, () => page.getByRole('button', { name: 'Call', exact: true }).click());
    await twilio.sendCallStatus(target(status), { CallSid: patientLeg.sid, CallStatus: 'ringing' });
    await expect.poll(callState).toBe('Ringing the patient…');
    await twilio.sendCallStatus(target(status), { CallSid: patientLeg.sid, CallStatus: 'in-progress' });
    await expect.poll(callState).toBe('Answered');
    await twilio.sendCallStatus(target(status), { CallSid: patientLeg.sid, CallStatus: 'completed', CallDuration: '95' });
    await expect.poll(callState).toBe('Call ended after 1:35');
    await expect.poll(() => page.locator('[data-call-duration]').textContent()).toBe('Call lasted 1:35');
    await page.getByRole('group', { name: 'Record an outcome' }).getByRole('button', { name: 'Declined' }).click();
    // Declined asks for a reason (optional): record it without one.
    await page.getByRole('button', { name: 'Record Declined' }).click();
    await expect.poll(() => page.getByText(/^Recorded ‘Declined’ for /).count()).toBe(1);
    const calls = await app.t.store.db.selectFrom('calls').select(['state', 'duration_seconds', 'outcome_attempt_id']).where('provider_sid', '=', twilio.calls.find((c) => c.sid === patientLeg.parentCallSid)!.sid).execute();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ state: 'completed', duration_seconds: 95 });
    expect(calls[0]!.outcome_attempt_id).not.toBeNull();
  });

  it('on another case, the voicemail answers and the v key leaves the approved message, recorded as "Left message"', async () => {
    const { patientId } = callable[1]!;
    const { patientLeg, status } = await callAndBridge(patientId, () => page.keyboard.press('c'));
    await twilio.sendCallStatus(target(status), { CallSid: patientLeg.sid, CallStatus: 'in-progress' });
    await expect.poll(callState).toBe('Answered');
    await page.keyboard.press('v');
    await expect.poll(() => page.getByText(/^Recorded ‘Left message’ for /).count()).toBe(1);
    expect(patientLeg.updates).toHaveLength(1);
    expect(patientLeg.updates[0]!.twiml).toContain('<Say');
    expect(patientLeg.updates[0]!.twiml).toContain('<Hangup/>');
  });

  it('power mode opens the next case after an outcome, and its call starts only when Next is pressed', async () => {
    const list = await (await page.request.get(`${app.baseUrl}/api/worklist`)).json() as { rows: { caseId: number; patientId: string }[] };
    const allowed = async (caseId: number) => ((await (await page.request.get(`${app.baseUrl}/api/cases/${caseId}/voice`)).json()) as { allowed: boolean }).allowed;
    let here = -1;
    for (let i = 0; i + 1 < list.rows.length && here < 0; i += 1) if (await allowed(list.rows[i + 1]!.caseId)) here = i;
    expect(here).toBeGreaterThanOrEqual(0);
    const [current, next] = [list.rows[here]!, list.rows[here + 1]!];

    await page.goto(app.baseUrl);
    await page.locator(`a[href="/patients/${encodeURIComponent(current.patientId)}"]`).first().click();
    await page.getByRole('heading', { name: 'Call', exact: true }).waitFor();
    const toggle = page.getByLabel('Power mode: open the next case after each outcome');
    if (!await toggle.isChecked()) await toggle.check();
    const placedBefore = twilio.calls.filter((c) => c.direction === 'outbound-api').length;
    await page.getByRole('group', { name: 'Record an outcome' }).getByRole('button', { name: 'Declined' }).click();
    // Declined asks for a reason (optional): record it without one.
    await page.getByRole('button', { name: 'Record Declined' }).click();

    await page.waitForURL(`${app.baseUrl}/patients/${encodeURIComponent(next.patientId)}`);
    const nextButton = page.getByRole('button', { name: 'Next: call' });
    await expect.poll(() => nextButton.isEnabled()).toBe(true);
    // The case is open and callable, yet nothing rings until a person says so.
    await page.waitForTimeout(1500);
    expect(twilio.calls.filter((c) => c.direction === 'outbound-api')).toHaveLength(placedBefore);
    expect(await app.t.store.db.selectFrom('calls').select('id').where('case_id', '=', next.caseId).execute()).toEqual([]);
    expect(await page.locator('[data-call-state]').count()).toBe(0);

    await page.keyboard.press('n');
    await twilio.waitForCalls(placedBefore + 1);
    await expect.poll(callState).toBe('Ringing your phone…');
    expect(await app.t.store.db.selectFrom('calls').select('id').where('case_id', '=', next.caseId).execute()).toHaveLength(1);
    expect(twilio.calls.filter((c) => c.direction === 'outbound-api').at(-1)!.to).toBe(staffPhone);
  });
});
