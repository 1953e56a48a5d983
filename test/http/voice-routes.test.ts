/**
 * Calls over HTTP (issue 18), on both backends, with the real Twilio voice adapter against the loopback
 * stand-in: the call create exactly as documented (To the staff phone, From the office's caller ID, Url
 * our bridge), the bridge TwiML parsed as XML, the patient leg's callbacks out of order, the outcome of
 * the call, the voicemail drop, forged signatures, a gate-blocked call never created (a Florida patient
 * at 20:30 Eastern), inbound calls matched to their case, and the tel: fallback without a provider.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfLetterPrinter } from '../../src/channels/letter/letter-printer.js';
import { messageProviders } from '../../src/channels/providers.js';
import { createSandbox } from '../../src/channels/sandbox.js';
import { createTwilioVoice } from '../../src/channels/voice/twilio-voice.js';
import { buildServer } from '../../src/http/build-server.js';
import { defaultMessagingSettings } from '../../src/use-cases/messaging/messaging-deps.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { defaultVoiceSettings } from '../../src/use-cases/voice/voice-deps.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { parseXml } from '../helpers/parse-xml.js';
import { seedLocation, seedPatient, type SeededPatient } from '../helpers/seed-patients.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';
import { startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-stand-in.js';
import { signIn } from '../../src/use-cases/sign-in.js';

const log = pino({ level: 'silent' });
const password = 'harbor-voice-routes-2026';
const accountSid = `AC${'b2'.repeat(16)}`;
const authToken = 'e'.repeat(32);
const callerId = '+18135550100';
const officeLine = '+18135550199';
const staffPhone = '+18132345699';
const publicBaseUrl = 'https://recare.example.org';
/** Tuesday 2026-11-24 10:00 in Tampa. */
const morning = new Date('2026-11-24T15:00:00.000Z');
/** The same Tuesday, 20:30 in Tampa: past Florida's 20:00 limit, inside the federal 21:00. */
const evening = new Date('2026-11-25T01:30:00.000Z');

describe.each(backends)('voice routes on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  let bare: FastifyInstance;
  let recorder: FastifyInstance;
  let recorderUrl: string;
  let twilio: TwilioStandIn;
  let baseUrl: string;
  let now = new Date(morning);
  const clock = { now: () => new Date(now) };
  const sessions: Record<string, StaffSession> = {};
  const patients: Record<string, SeededPatient & { caseId: number; mobile: string }> = {};
  const as = (who: string, options: InjectOptions, on: FastifyInstance = server) =>
    on.inject({ ...options, cookies: { recare_session: sessions[who]!.token }, headers: { ...(options.headers ?? {}), 'x-csrf-token': sessions[who]!.csrf } });
  const target = (url: string) => ({ signedUrl: url, postUrl: url.replace(publicBaseUrl, baseUrl) });
  const at = (path: string) => target(`${publicBaseUrl}${path}`);

  beforeAll(async () => {
    t = await openTestStore(backend);
    twilio = await startTwilioStandIn({ accountSid, authToken, clock, ownedNumbers: [callerId] });
    const deps = { store: t.store, clock, log };
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    await t.store.db.updateTable('locations').set({ phone: officeLine, caller_id: callerId }).where('id', '=', tpa).execute();
    for (const [name, mobile] of [['FL-1', '+18132345601'], ['FL-2', '+18132345602'], ['FL-3', '+18132345603'], ['FL-NOVM', '+18132345604'], ['FL-REC', '+18132345605'], ['FL-DBL', '+18132345606'], ['FL-PLAY', '+18132345607']] as const) {
      const p = await seedPatient(t.store, { externalId: name, locationId: tpa, state: 'FL', zip: '33606', mobile });
      await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10' }).execute();
      patients[name] = { ...p, mobile, caseId: 0 };
    }
    await t.store.db.insertInto('communication_preferences').values({ patient_id: patients['FL-NOVM']!.patientId, kind: 'no_voicemail' }).execute();
    await planPatients(deps, { full: true });
    for (const p of Object.values(patients)) p.caseId = (await t.store.db.selectFrom('cases').select('id').where('patient_id', '=', p.patientId).executeTakeFirstOrThrow()).id;
    Object.assign(sessions, await signInStaff(deps, [['desk', 'front_desk', ['TPA']], ['other', 'front_desk', ['TPA']], ['it', 'admin', 'all']], password));
    const sandbox = (channel: 'sms' | 'email') => createSandbox(channel, { store: t.store, seed: 'test' });
    const providers = messageProviders({}, { sms: sandbox('sms'), email: sandbox('email') });
    const common = { ...deps, providers, printer: pdfLetterPrinter, messaging: { ...defaultMessagingSettings, publicBaseUrl }, workerId: 'test-server' };
    server = await buildServer({
      ...common,
      voice: { provider: createTwilioVoice({ accountSid, authToken, apiBaseUrl: twilio.baseUrl, clock }), settings: { ...defaultVoiceSettings, publicBaseUrl } },
    });
    baseUrl = await server.listen({ port: 0, host: '127.0.0.1' });
    bare = await buildServer(common);
    recorder = await buildServer({
      ...common,
      voice: { provider: createTwilioVoice({ accountSid, authToken, apiBaseUrl: twilio.baseUrl, clock }), settings: { ...defaultVoiceSettings, publicBaseUrl, recording: true } },
    });
    recorderUrl = await recorder.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await server?.close();
    await bare?.close();
    await recorder?.close();
    await twilio?.close();
    await t?.dispose();
  });

  /** Sessions lapse after 30 idle minutes: sign the desk in again when the clock jumps. */
  async function moveClockTo(instant: Date) {
    now = new Date(instant);
    const signed = await signIn({ store: t.store, clock, log }, { email: 'desk@clinic.example', password, remoteAddress: null, userAgent: null });
    sessions.desk = { ...sessions.desk!, token: signed.token, csrf: signed.csrfToken };
  }

  async function setPhone(who: string, phone: string) {
    const answer = await as(who, { method: 'PUT', url: '/api/account/phone', payload: { phone } });
    expect(answer.statusCode, answer.body).toBe(200);
  }

  /** Click Call, then the staff member answers: returns the call id, the staff leg and the bridge's TwiML. */
  async function callAndAnswer(caseId: number) {
    const before = twilio.calls.length;
    const placed = await as('desk', { method: 'POST', url: `/api/cases/${caseId}/calls` });
    expect(placed.statusCode, placed.body).toBe(201);
    const staffLeg = twilio.calls[before]!;
    const bridge = await twilio.answerCall(staffLeg.sid, target);
    return { callId: placed.json().callId as number, staffLeg, bridge };
  }

  it('refuses a staff phone that is not a phone number, and keeps a good one in E.164', async () => {
    const bad = await as('desk', { method: 'PUT', url: '/api/account/phone', payload: { phone: '555-01' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_input', message: '"555-01" is not a valid phone number; give the desk or mobile number to ring, with its country code, e.g. +18135550142.' });
    await setPhone('desk', '(813) 234-5699');
    expect((await t.store.db.selectFrom('users').select('phone').where('id', '=', sessions.desk!.id).executeTakeFirstOrThrow()).phone).toBe(staffPhone);
  });

  it('asks the provider to ring the staff phone from the office\'s caller ID, and bridges the patient once it answers', async () => {
    const voice = await as('desk', { method: 'GET', url: `/api/cases/${patients['FL-1']!.caseId}/voice` });
    expect(voice.json()).toMatchObject({ mode: 'provider', allowed: true, staffPhoneSet: true, liveCall: null });

    const { callId, staffLeg, bridge } = await callAndAnswer(patients['FL-1']!.caseId);
    expect(staffLeg.form).toMatchObject({
      To: [staffPhone], From: [callerId], Url: [`${publicBaseUrl}/webhooks/twilio/voice/bridge?call=${callId}`], Method: ['POST'],
      StatusCallback: [`${publicBaseUrl}/webhooks/twilio/voice/status?call=${callId}&leg=staff`], StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    });
    expect(staffLeg.form.Twiml).toBeUndefined();
    // The attempt is recorded when the call starts, by the gate's decision.
    const attempt = await t.store.db.selectFrom('attempts').selectAll().where('case_id', '=', patients['FL-1']!.caseId).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ channel: 'voice', direction: 'out', outcome: null, actor_user_id: sessions.desk!.id, contact_point_id: patients['FL-1']!.mobileId });
    expect(attempt.compliance_decision_id).not.toBeNull();

    expect(bridge.status).toBe(200);
    expect(bridge.contentType).toContain('text/xml');
    const response = parseXml(bridge.body);
    expect(response.name).toBe('Response');
    const dial = response.children.find((c) => c.name === 'Dial')!;
    expect(dial.attributes).toMatchObject({ callerId, answerOnBridge: 'true' });
    const number = dial.children[0]!;
    expect(number.name).toBe('Number');
    expect(number.text).toBe(patients['FL-1']!.mobile);
    expect(number.attributes).toMatchObject({ statusCallback: `${publicBaseUrl}/webhooks/twilio/voice/status?call=${callId}&leg=patient`, statusCallbackEvent: 'initiated ringing answered completed' });
    expect((await t.store.db.selectFrom('calls').select('provider_sid').where('id', '=', callId).executeTakeFirstOrThrow()).provider_sid).toBe(staffLeg.sid);
  });

  it('places one call for two Calls at once on a case, and leaves one voicemail for two presses at once', async () => {
    const caseId = patients['FL-DBL']!.caseId;
    const before = twilio.calls.length;
    const both = await Promise.all([0, 1].map(() => as('desk', { method: 'POST', url: `/api/cases/${caseId}/calls` })));
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.statusCode === 409)!.json().error).toMatchObject({ code: 'conflict', message: expect.stringMatching(new RegExp(`^Case #${caseId} already has a call under way \\(call #\\d+, `)) });
    expect(twilio.calls.length - before).toBe(1);
    expect(await t.store.db.selectFrom('calls').select('id').where('case_id', '=', caseId).execute()).toHaveLength(1);
    expect(await t.store.db.selectFrom('attempts').select('id').where('case_id', '=', caseId).execute()).toHaveLength(1);

    const callId = both.find((r) => r.statusCode === 201)!.json().callId as number;
    const staffLeg = twilio.calls[before]!;
    await twilio.answerCall(staffLeg.sid, target);
    const leg = twilio.dialChild(staffLeg.sid, patients['FL-DBL']!.mobile, null);
    await twilio.sendCallStatus(at(`/webhooks/twilio/voice/status?call=${callId}&leg=patient`), { CallSid: leg.sid, CallStatus: 'in-progress' });
    const drops = await Promise.all([0, 1].map(() => as('desk', { method: 'POST', url: `/api/calls/${callId}/voicemail` })));
    expect(drops.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(leg.updates).toHaveLength(1);
    expect(await t.store.db.selectFrom('attempts').select('id').where('case_id', '=', caseId).where('outcome', '=', 'left_message').execute()).toHaveLength(1);
  });

  it('keeps the right final state when the patient leg\'s callbacks arrive out of order, and the outcome ends the call once', async () => {
    const call = await t.store.db.selectFrom('calls').selectAll().where('case_id', '=', patients['FL-1']!.caseId).executeTakeFirstOrThrow();
    const leg = twilio.dialChild(call.provider_sid!, patients['FL-1']!.mobile, `${publicBaseUrl}/webhooks/twilio/voice/status?call=${call.id}&leg=patient`);
    const status = at(`/webhooks/twilio/voice/status?call=${call.id}&leg=patient`);
    const stamp = (seconds: number) => new Date(morning.getTime() + seconds * 1000).toUTCString();
    for (const [CallStatus, seconds, CallDuration] of [['completed', 60, '42'], ['ringing', 3, undefined], ['in-progress', 18, undefined], ['no-answer', 61, undefined]] as const) {
      const answer = await twilio.sendCallStatus(status, { CallSid: leg.sid, CallStatus, Timestamp: stamp(seconds), ...(CallDuration ? { CallDuration } : {}) });
      expect(answer.status).toBe(200);
    }
    const view = await as('desk', { method: 'GET', url: `/api/calls/${call.id}` });
    expect(view.json()).toMatchObject({ state: 'completed', durationSeconds: 42, answeredAt: new Date(morning.getTime() + 18_000).toISOString(), endedAt: new Date(morning.getTime() + 60_000).toISOString(), suggestedOutcome: null, outcomeRecorded: false });

    const recorded = await as('desk', { method: 'POST', url: `/api/cases/${patients['FL-1']!.caseId}/outcome`, payload: { outcome: 'Declined', callId: call.id } });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const after = await t.store.db.selectFrom('calls').select('outcome_attempt_id').where('id', '=', call.id).executeTakeFirstOrThrow();
    expect(after.outcome_attempt_id).toBe(recorded.json().attemptId);
    const again = await as('desk', { method: 'POST', url: `/api/cases/${patients['FL-1']!.caseId}/outcome`, payload: { outcome: 'Declined', callId: call.id } });
    expect(again.statusCode).toBe(409);
  });

  it('opens the outcome panel with "No answer" when the patient did not pick up', async () => {
    const { callId, staffLeg } = await callAndAnswer(patients['FL-2']!.caseId);
    const leg = twilio.dialChild(staffLeg.sid, patients['FL-2']!.mobile, null);
    const status = at(`/webhooks/twilio/voice/status?call=${callId}&leg=patient`);
    await twilio.sendCallStatus(status, { CallSid: leg.sid, CallStatus: 'ringing' });
    expect((await as('desk', { method: 'GET', url: `/api/calls/${callId}` })).json()).toMatchObject({ state: 'ringing', suggestedOutcome: null });
    await twilio.sendCallStatus(status, { CallSid: leg.sid, CallStatus: 'no-answer', CallDuration: '0' });
    expect((await as('desk', { method: 'GET', url: `/api/calls/${callId}` })).json()).toMatchObject({ state: 'no-answer', answeredAt: null, suggestedOutcome: 'No answer' });
  });

  it('drops the approved voicemail on the patient\'s leg (spoken, then hung up) and records "Left message" with the template and its hash', async () => {
    const { callId, staffLeg } = await callAndAnswer(patients['FL-3']!.caseId);
    const leg = twilio.dialChild(staffLeg.sid, patients['FL-3']!.mobile, null);
    await twilio.sendCallStatus(at(`/webhooks/twilio/voice/status?call=${callId}&leg=patient`), { CallSid: leg.sid, CallStatus: 'in-progress' });
    const dropped = await as('desk', { method: 'POST', url: `/api/calls/${callId}/voicemail` });
    expect(dropped.statusCode, dropped.body).toBe(201);
    expect(dropped.json()).toMatchObject({ outcome: { label: 'Left message' }, templateKey: 'hygiene_recall_voicemail', spoken: 'say' });

    expect(leg.updates).toHaveLength(1);
    const twiml = parseXml(leg.updates[0]!.twiml!);
    expect(twiml.children.map((c) => c.name)).toEqual(['Pause', 'Say', 'Hangup']);
    const say = twiml.children[1]!;
    expect(say.attributes.language).toBe('en-US');
    expect(say.text).toBe('Hello, this is Office TPA with a friendly reminder. Please give us a call back at (813) 555-0199 at your convenience. Thank you.');
    const attempt = await t.store.db.selectFrom('attempts').selectAll().where('id', '=', dropped.json().attemptId).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ channel: 'voicemail', outcome: 'left_message', template_key: 'hygiene_recall_voicemail' });
    expect(attempt.content_sha256).toBe(dropped.json().contentSha256);
    expect(attempt.content_sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await as('desk', { method: 'POST', url: `/api/calls/${callId}/voicemail` });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/^A voicemail was already left on call #\d+ at /);
  });

  it('leaves no voicemail for a patient who asked for none: the gate says why and the call is left alone', async () => {
    const { callId, staffLeg } = await callAndAnswer(patients['FL-NOVM']!.caseId);
    const leg = twilio.dialChild(staffLeg.sid, patients['FL-NOVM']!.mobile, null);
    await twilio.sendCallStatus(at(`/webhooks/twilio/voice/status?call=${callId}&leg=patient`), { CallSid: leg.sid, CallStatus: 'in-progress' });
    const refused = await as('desk', { method: 'POST', url: `/api/calls/${callId}/voicemail` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('conflict');
    expect(refused.json().error.message).toContain('The contact gate does not allow this call now: The patient asked for no voicemail');
    expect(leg.updates).toHaveLength(0);
  });

  it('refuses forged signatures on every voice webhook with 403 and stores nothing', async () => {
    const callsBefore = await t.store.db.selectFrom('calls').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const call = await t.store.db.selectFrom('calls').selectAll().where('case_id', '=', patients['FL-2']!.caseId).executeTakeFirstOrThrow();
    const forged = { signWith: 'not-the-auth-token' };
    const status = await twilio.sendCallStatus(at(`/webhooks/twilio/voice/status?call=${call.id}&leg=patient`), { CallSid: call.patient_leg_sid!, CallStatus: 'completed', CallDuration: '99' }, forged);
    expect(status.status).toBe(403);
    expect(JSON.parse(status.body).error).toMatchObject({ code: 'forbidden', message: 'The request\'s twilio signature is missing or does not match; nothing was stored.' });
    const inbound = await twilio.sendIncomingCall(at('/webhooks/twilio/voice/inbound'), { From: '+15125550123', To: callerId }, forged);
    expect(inbound.status).toBe(403);
    const unsigned = await twilio.answerCall(call.provider_sid!, target, { signature: '' });
    expect(unsigned.status).toBe(403);
    expect((await t.store.db.selectFrom('calls').select(['state', 'duration_seconds']).where('id', '=', call.id).executeTakeFirstOrThrow())).toEqual({ state: 'no-answer', duration_seconds: 0 });
    expect(await t.store.db.selectFrom('calls').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual(callsBefore);
  });

  it('never creates a call the gate blocks: a Florida patient at 20:30 Eastern gets the reason and the next allowed time', async () => {
    await moveClockTo(evening);
    try {
      await t.store.db.updateTable('cases').set({ claimed_by: null, claimed_at: null }).execute();
      const before = twilio.calls.length;
      const voice = await as('desk', { method: 'GET', url: `/api/cases/${patients['FL-2']!.caseId}/voice` });
      expect(voice.statusCode, voice.body).toBe(200);
      expect(voice.json()).toMatchObject({ mode: 'provider', allowed: false, nextAllowedAt: '2026-11-25T13:00:00.000Z' });
      expect(voice.json().reasons.join(' ')).toContain("20:30 in America/New_York is after Florida's 20:00 limit");
      const refused = await as('desk', { method: 'POST', url: `/api/cases/${patients['FL-2']!.caseId}/calls` });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.message).toContain("The contact gate does not allow this call now: 20:30 in America/New_York is after Florida's 20:00 limit");
      expect(refused.json().error.message).toContain('Next allowed: 2026-11-25T13:00:00.000Z. No call was placed.');
      expect(refused.json().error.issues).toContainEqual({ path: 'nextAllowedAt', value: '2026-11-25T13:00:00.000Z', message: 'the earliest time the gate would allow this call' });
      expect(twilio.calls).toHaveLength(before);
    } finally {
      await moveClockTo(morning);
    }
  });

  it('forwards a known patient\'s call to the office line, logs it on their case and puts the case first as "called back"', async () => {
    await moveClockTo(new Date(morning.getTime() + 4 * 3600_000 + 2 * 60_000));
    try {
      const answer = await twilio.sendIncomingCall(at('/webhooks/twilio/voice/inbound'), { From: patients['FL-2']!.mobile, To: callerId });
      expect(answer.status).toBe(200);
      const dial = parseXml(answer.body).children.find((c) => c.name === 'Dial')!;
      expect(dial.text).toBe(officeLine);
      const inbound = await t.store.db.selectFrom('attempts').selectAll().where('case_id', '=', patients['FL-2']!.caseId).where('direction', '=', 'in').execute();
      expect(inbound).toHaveLength(1);
      const theCase = await t.store.db.selectFrom('cases').select(['priority_why', 'next_action_at']).where('id', '=', patients['FL-2']!.caseId).executeTakeFirstOrThrow();
      expect(theCase.priority_why).toBe('called back at 14:02');
      const list = await as('desk', { method: 'GET', url: '/api/worklist' });
      expect(list.statusCode, list.body).toBe(200);
      const first = list.json().rows[0];
      expect(first.patientId).toBe('FL-2');
      expect(first.band.reason).toBe('engaged recently: called back today');

      const unknown = await twilio.sendIncomingCall(at('/webhooks/twilio/voice/inbound'), { From: '+15125550123', To: callerId });
      expect(unknown.status).toBe(200);
      const unmatched = await t.store.db.selectFrom('inbound_messages').selectAll().where('channel', '=', 'voice').where('case_id', 'is', null).execute();
      expect(unmatched.map((u) => ({ from: u.from_address, patients: u.patient_ids }))).toEqual([{ from: '+15125550123', patients: [] }]);
    } finally {
      await moveClockTo(morning);
    }
  });

  it('without a voice provider offers the number as a tel: link and places no call', async () => {
    const voice = await as('desk', { method: 'GET', url: `/api/cases/${patients['FL-NOVM']!.caseId}/voice` }, bare);
    expect(voice.json()).toMatchObject({ mode: 'tel', telNumber: patients['FL-NOVM']!.mobile });
    const refused = await as('desk', { method: 'POST', url: `/api/cases/${patients['FL-NOVM']!.caseId}/calls` }, bare);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe('No voice provider is configured, so Recare cannot place calls: dial the number shown on the case screen and record the outcome by hand.');
  });

  it('with recording on, announces it first, records the Dial, and keeps only the recording\'s id and length from its signed callback', async () => {
    const toRecorder = (url: string) => ({ signedUrl: url, postUrl: url.replace(publicBaseUrl, recorderUrl) });
    const caseId = patients['FL-REC']!.caseId;
    const before = twilio.calls.length;
    const placed = await as('desk', { method: 'POST', url: `/api/cases/${caseId}/calls` }, recorder);
    expect(placed.statusCode, placed.body).toBe(201);
    const callId = placed.json().callId as number;
    const bridge = await twilio.answerCall(twilio.calls[before]!.sid, toRecorder);
    expect(bridge.status).toBe(200);
    const response = parseXml(bridge.body);
    expect(response.children.map((c) => c.name)).toEqual(['Say', 'Dial']);
    expect(response.children[0]!.text).toBe(defaultVoiceSettings.recordingAnnouncement);
    const recordingCallback = `${publicBaseUrl}/webhooks/twilio/voice/recording?call=${callId}`;
    expect(response.children[1]!.attributes).toMatchObject({ record: 'record-from-answer-dual', recordingStatusCallback: recordingCallback, recordingStatusCallbackMethod: 'POST', recordingStatusCallbackEvent: 'completed' });

    const staffLeg = twilio.calls[before]!.sid;
    const stored = () => t.store.db.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirstOrThrow();
    const forged = await twilio.sendRecordingStatus(toRecorder(recordingCallback), { CallSid: staffLeg, RecordingDuration: '61' }, { signWith: 'not-the-auth-token' });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body).error).toMatchObject({ code: 'forbidden', message: 'The request\'s twilio signature is missing or does not match; nothing was stored.' });
    expect(await stored()).toMatchObject({ recording_sid: null, recording_seconds: null });

    const absent = await twilio.sendRecordingStatus(toRecorder(recordingCallback), { CallSid: staffLeg, RecordingDuration: '0', RecordingStatus: 'absent' });
    expect(absent.status).toBe(200);
    expect(await stored()).toMatchObject({ recording_sid: null, recording_seconds: null });

    const recordingSid = `RE${'4c'.repeat(16)}`;
    const ready = await twilio.sendRecordingStatus(toRecorder(recordingCallback), { CallSid: staffLeg, RecordingDuration: '61', RecordingSid: recordingSid });
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ stored: true });
    const row = await stored();
    expect(row).toMatchObject({ recording_sid: recordingSid, recording_seconds: 61 });
    // The recording's address (and so its audio) stays at Twilio.
    expect(JSON.stringify(row)).not.toContain('/Recordings/');

    const retried = await twilio.sendRecordingStatus(toRecorder(recordingCallback), { CallSid: staffLeg, RecordingDuration: '5' });
    expect(JSON.parse(retried.body)).toEqual({ stored: false });
    expect(await stored()).toMatchObject({ recording_sid: recordingSid, recording_seconds: 61 });
  });

  it('plays the voicemail template\'s recording, when it has one, instead of speaking the text', async () => {
    const template = (await as('it', { method: 'GET', url: '/api/templates/hygiene_recall_voicemail/en' })).json();
    const recordingUrl = 'https://audio.example.com/voicemail/hygiene-en.mp3';
    const saved = await as('it', { method: 'PUT', url: '/api/templates/hygiene_recall_voicemail/en', payload: { body: template.body, recordingUrl } });
    expect(saved.statusCode, saved.body).toBe(200);
    const { callId, staffLeg } = await callAndAnswer(patients['FL-PLAY']!.caseId);
    const leg = twilio.dialChild(staffLeg.sid, patients['FL-PLAY']!.mobile, null);
    await twilio.sendCallStatus(at(`/webhooks/twilio/voice/status?call=${callId}&leg=patient`), { CallSid: leg.sid, CallStatus: 'in-progress' });
    const dropped = await as('desk', { method: 'POST', url: `/api/calls/${callId}/voicemail` });
    expect(dropped.statusCode, dropped.body).toBe(201);
    expect(dropped.json()).toMatchObject({ spoken: 'play', templateKey: 'hygiene_recall_voicemail' });
    const twiml = parseXml(leg.updates[0]!.twiml!);
    expect(twiml.children.map((c) => c.name)).toEqual(['Pause', 'Play', 'Hangup']);
    expect(twiml.children[1]!.text).toBe(recordingUrl);
    expect(dropped.json().contentSha256).toBe(createHash('sha256').update(recordingUrl).digest('hex'));
  });
});
