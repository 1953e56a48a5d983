/**
 * Exactly once for the call create (issue 18): placing a call in its own process (built code,
 * test/helpers/call-child.mjs; `npm run build` first) against PostgreSQL and the loopback Twilio
 * stand-in, killed with SIGKILL after the call row is written (Twilio not yet asked) and after Twilio
 * created the call (its answer never stored). After the restart, the next Call on the case, or the
 * bridge request when the staff member answers, takes the call up: the stand-in holds exactly one call
 * and the case one attempt. Clocks are pinned: the child gets `at`, the restart runs past the resume delay.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { pdfLetterPrinter } from '../../src/channels/letter/letter-printer.js';
import { messageProviders } from '../../src/channels/providers.js';
import { createSandbox } from '../../src/channels/sandbox.js';
import { createTwilioVoice } from '../../src/channels/voice/twilio-voice.js';
import { fixedClock } from '../../src/clock.js';
import { buildServer } from '../../src/http/build-server.js';
import { defaultMessagingSettings } from '../../src/use-cases/messaging/messaging-deps.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { placeCall } from '../../src/use-cases/voice/place-call.js';
import { defaultVoiceSettings, type VoiceDeps } from '../../src/use-cases/voice/voice-deps.js';
import { openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient } from '../helpers/seed-patients.js';
import { signInStaff } from '../helpers/staff-sessions.js';
import { startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-stand-in.js';

const childScript = join(import.meta.dirname, '../helpers/call-child.mjs');
const log = pino({ level: 'silent' });
const accountSid = `AC${'c3'.repeat(16)}`;
const authToken = 'f'.repeat(32);
const callerId = '+18135550100';
const staffPhone = '+18132345699';
const patientMobile = '+18132345601';
const publicBaseUrl = 'https://recare.example.org';
/** Tuesday 2026-11-24 10:00 in Tampa: inside calling hours. */
const at = new Date('2026-11-24T15:00:00.000Z');
const afterResumeDelay = new Date(at.getTime() + (defaultVoiceSettings.resumeAfterSeconds + 1) * 1000);

type Step = 'call-recorded' | 'provider-answered';

/** Runs the child until it exits; returns its JSON lines and how it ended. */
async function placeCallInChild(options: Record<string, unknown>): Promise<{ lines: Record<string, unknown>[]; signal: NodeJS.Signals | null; code: number | null }> {
  const child = spawn(process.execPath, [childScript, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  createInterface({ input: child.stdout }).on('line', (text) => lines.push(JSON.parse(text) as Record<string, unknown>));
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (c, s) => resolve({ code: c, signal: s })));
  if (code !== 0 && signal === null) throw new Error(`call child failed (${code}): ${stderr}`);
  return { lines, signal, code };
}

describe('the call create killed with SIGKILL, then taken up again, on PostgreSQL', () => {
  let t: TestStore | undefined;
  let twilio: TwilioStandIn | undefined;
  afterEach(async () => {
    await twilio?.close();
    await t?.dispose();
    twilio = undefined;
    t = undefined;
  });

  async function setUp() {
    t = await openTestStore('postgres');
    if (t.target.kind !== 'postgres') throw new Error('the crash test needs PostgreSQL');
    const clock = fixedClock(at);
    twilio = await startTwilioStandIn({ accountSid, authToken, clock, ownedNumbers: [callerId] });
    const deps = { store: t.store, clock, log };
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    await t.store.db.updateTable('locations').set({ caller_id: callerId }).where('id', '=', tpa).execute();
    const p = await seedPatient(t.store, { externalId: 'FL-1', locationId: tpa, state: 'FL', zip: '33606', mobile: patientMobile });
    await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10' }).execute();
    await planPatients(deps, { full: true });
    const caseId = (await t.store.db.selectFrom('cases').select('id').where('patient_id', '=', p.patientId).executeTakeFirstOrThrow()).id;
    const { desk } = await signInStaff(deps, [['desk', 'front_desk', ['TPA']]], 'harbor-call-crash-2026');
    await t.store.db.updateTable('users').set({ phone: staffPhone }).where('id', '=', desk!.id).execute();
    const childOptions = { databaseUrl: t.target.url, at: at.toISOString(), caseId, userId: desk!.id, publicBaseUrl, standIn: { baseUrl: twilio.baseUrl, accountSid, authToken } };
    return { t, twilio, caseId, userId: desk!.id, childOptions };
  }

  const voiceDeps = (store: TestStore, stand: TwilioStandIn, now: Date): VoiceDeps => {
    const clock = fixedClock(now);
    return { store: store.store, clock, log, voice: { provider: createTwilioVoice({ accountSid, authToken, apiBaseUrl: stand.baseUrl, clock }), settings: { ...defaultVoiceSettings, publicBaseUrl } } };
  };

  async function crashAt(step: Step) {
    const s = await setUp();
    const crashed = await placeCallInChild({ ...s.childOptions, crashAt: step });
    expect(crashed.signal).toBe('SIGKILL');
    expect(crashed.lines.at(-1)).toMatchObject({ step });
    const row = await s.t.store.db.selectFrom('calls').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'creating', provider_sid: null, case_id: s.caseId });
    expect(s.twilio.calls).toHaveLength(step === 'call-recorded' ? 0 : 1);
    return { ...s, callId: row.id };
  }

  /** The end state: one call at Twilio to the staff phone, the row holding its sid, one voice attempt on the case. */
  async function expectOneCall(s: Awaited<ReturnType<typeof crashAt>>) {
    expect(s.twilio.calls).toHaveLength(1);
    expect(s.twilio.calls[0]).toMatchObject({ to: staffPhone, from: callerId });
    const rows = await s.t.store.db.selectFrom('calls').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: s.callId, provider_sid: s.twilio.calls[0]!.sid });
    expect(rows[0]!.state).not.toBe('creating');
    const attempts = await s.t.store.db.selectFrom('attempts').select('id').where('case_id', '=', s.caseId).where('channel', '=', 'voice').execute();
    expect(attempts).toHaveLength(1);
  }

  it.each(['call-recorded', 'provider-answered'] as const)('killed at %s: the next Call takes the same call up and Twilio holds exactly one', async (step) => {
    const s = await crashAt(step);
    const tooSoon = placeCall(voiceDeps(s.t, s.twilio, new Date(at.getTime() + 5000)), { caseId: s.caseId, userId: s.userId });
    await expect(tooSoon).rejects.toMatchObject({ code: 'conflict', message: `Call #${s.callId} on case #${s.caseId} is being placed; wait a few seconds for your phone to ring.` });
    const placed = await placeCall(voiceDeps(s.t, s.twilio, afterResumeDelay), { caseId: s.caseId, userId: s.userId });
    expect(placed).toEqual({ callId: s.callId, state: 'queued', resumed: true });
    await expectOneCall(s);
  });

  it('killed after Twilio created the call: the staff member answers, the bridge request adopts it, and the next Call places nothing more', async () => {
    const s = await crashAt('provider-answered');
    const deps = voiceDeps(s.t, s.twilio, afterResumeDelay);
    const sandbox = (channel: 'sms' | 'email') => createSandbox(channel, { store: s.t.store, seed: 'test' });
    const server = await buildServer({
      ...deps, workerId: 'test-server', printer: pdfLetterPrinter, providers: messageProviders({}, { sms: sandbox('sms'), email: sandbox('email') }),
      messaging: { ...defaultMessagingSettings, publicBaseUrl },
    });
    try {
      const baseUrl = await server.listen({ port: 0, host: '127.0.0.1' });
      const bridge = await s.twilio.answerCall(s.twilio.calls[0]!.sid, (url) => ({ signedUrl: url, postUrl: url.replace(publicBaseUrl, baseUrl) }));
      expect(bridge.status).toBe(200);
      expect(bridge.body).toContain(`<Number statusCallback="${publicBaseUrl}/webhooks/twilio/voice/status?call=${s.callId}&amp;leg=patient"`);
      expect(bridge.body).toContain(`>${patientMobile}</Number>`);
      await expectOneCall(s);
      const again = placeCall(deps, { caseId: s.caseId, userId: s.userId });
      await expect(again).rejects.toMatchObject({ code: 'conflict', message: `Case #${s.caseId} already has a call under way (call #${s.callId}, queued); wait for it to end.` });
      expect(s.twilio.calls).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
