/**
 * Messaging over HTTP, on both backends, with the real adapters against loopback stand-ins: a staff
 * text through the Twilio stand-in and its signed status callbacks (forward only, deduplicated); signed
 * inbound replies, a forged one refused with nothing stored, STOP recorded at once; an email through
 * a real SMTP server with RFC 8058 headers whose link unsubscribes on POST only; the Outbox, the pause
 * switch (audited, shown in the workspace) and the Channels page (secrets never shown).
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpEmail } from '../../src/channels/email/smtp.js';
import { pdfLetterPrinter } from '../../src/channels/letter/letter-printer.js';
import { messageProviders } from '../../src/channels/providers.js';
import { createSandbox } from '../../src/channels/sandbox.js';
import { createTwilioSms } from '../../src/channels/sms/twilio.js';
import type { MessagingConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/build-server.js';
import { defaultMessagingSettings } from '../../src/use-cases/messaging/messaging-deps.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient, type SeededPatient } from '../helpers/seed-patients.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { signInStaff, type StaffSession } from '../helpers/staff-sessions.js';
import { startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-stand-in.js';

const log = pino({ level: 'silent' });
const password = 'harbor-messaging-routes-2026';
const accountSid = `AC${'a1'.repeat(16)}`;
const authToken = 'f'.repeat(32);
const officeNumber = '+18135550100';
const publicBaseUrl = 'https://recare.example.org';

describe.each(backends)('messaging routes on %s', (backend) => {
  let t: TestStore;
  let server: FastifyInstance;
  let twilio: TwilioStandIn;
  let smtp: SmtpSink;
  let baseUrl: string;
  const now = new Date('2026-11-24T15:00:00.000Z');
  const clock = { now: () => new Date(now) };
  const sessions: Record<string, StaffSession> = {};
  let patient: SeededPatient;
  let caseId: number;
  const as = (who: string, options: InjectOptions) =>
    server.inject({ ...options, cookies: { recare_session: sessions[who]!.token }, headers: { ...(options.headers ?? {}), 'x-csrf-token': sessions[who]!.csrf } });
  const target = (path: string) => ({ signedUrl: `${publicBaseUrl}${path}`, postUrl: `${baseUrl}${path}` });
  const optOuts = async () => (await t.store.db.selectFrom('opt_outs').select(['contact_point_id', 'channel', 'received_via']).where('patient_id', '=', patient.patientId).where('revoked_at', 'is', null).execute());

  beforeAll(async () => {
    t = await openTestStore(backend);
    twilio = await startTwilioStandIn({ accountSid, authToken, clock });
    smtp = await startSmtpSink();
    const deps = { store: t.store, clock, log };
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    await t.store.db.updateTable('locations').set({ phone: officeNumber, email: 'front@tampa-smiles.example' }).where('id', '=', tpa).execute();
    patient = await seedPatient(t.store, { externalId: 'FL-1', locationId: tpa, state: 'FL', zip: '33606', mobile: '+18132345601' });
    await t.store.db.insertInto('procedures').values({ patient_id: patient.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10' }).execute();
    await planPatients(deps, { full: true });
    caseId = (await t.store.db.selectFrom('cases').select('id').where('patient_id', '=', patient.patientId).executeTakeFirstOrThrow()).id;
    Object.assign(sessions, await signInStaff(deps, [['desk', 'front_desk', ['TPA']], ['boss', 'manager', 'all'], ['it', 'admin', 'all']], password));
    const sandbox = (channel: 'sms' | 'email') => createSandbox(channel, { store: t.store, seed: 'test' });
    const providers = messageProviders(
      { sms: createTwilioSms({ accountSid, authToken, fromNumber: officeNumber, apiBaseUrl: twilio.baseUrl, clock }), email: createSmtpEmail({ smtpUrl: smtp.url, fromAddress: 'recall@tampa-smiles.example', clock }) },
      { sms: sandbox('sms'), email: sandbox('email') },
    );
    const config: MessagingConfig = {
      twilio: { accountSid, authToken, messagingServiceSid: null, fromNumber: officeNumber, apiBaseUrl: twilio.baseUrl }, smtp: { url: smtp.url, from: 'recall@tampa-smiles.example' },
      sendgridEventPublicKey: null, publicBaseUrl, dispatchEverySeconds: 0, smsPerMinute: 60, stopConfirmation: null, portalUrl: 'https://portal.tampa-smiles.example',
    };
    server = await buildServer({ ...deps, providers, printer: pdfLetterPrinter, messaging: { ...defaultMessagingSettings, publicBaseUrl, portalUrl: config.portalUrl }, workerId: 'test-server', config: { messaging: config } });
    baseUrl = await server.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await server?.close();
    await twilio?.close();
    await smtp?.close();
    await t?.dispose();
  });

  it('sends a staff text through Twilio with a status callback, and shows it in the conversation', async () => {
    const response = await as('desk', { method: 'POST', url: `/api/cases/${caseId}/messages`, payload: { channel: 'sms', templateKey: 'hygiene_recall_sms' } });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ state: 'sent', reason: null, warnings: [] });
    expect(twilio.messages).toHaveLength(1);
    const sent = twilio.messages[0]!;
    expect(sent.to).toBe('+18132345601');
    expect(sent.statusCallback).toMatch(new RegExp(`^${publicBaseUrl.replace(/\./g, '\\.')}/webhooks/twilio/messages/status\\?k=staff-${caseId}-[0-9a-f]{16}$`));
    expect(sent.body).toContain('Reply STOP');
    const attempt = await t.store.db.selectFrom('attempts').selectAll().where('patient_id', '=', patient.patientId).where('channel', '=', 'sms').executeTakeFirstOrThrow();
    expect(attempt.actor_kind).toBe('staff');
    expect(attempt.compliance_decision_id).not.toBeNull();
    const conversation = await as('desk', { method: 'GET', url: `/api/cases/${caseId}/conversation` });
    expect(conversation.json().messages).toEqual([expect.objectContaining({ direction: 'out', channel: 'sms', state: 'sent', delivery: 'queued', text: sent.body, author: 'desk' })]);
  });

  it('moves delivery forward only and applies each report once', async () => {
    const sid = twilio.messages[0]!.sid;
    const path = '/webhooks/twilio/messages/status';
    const delivered = await twilio.sendStatusCallback(target(path), { MessageSid: sid, MessageStatus: 'delivered' });
    expect(delivered.status).toBe(200);
    expect(JSON.parse(delivered.body)).toEqual({ applied: 1, duplicates: 0, unknown: 0 });
    const late = await twilio.sendStatusCallback(target(path), { MessageSid: sid, MessageStatus: 'sent' });
    expect(JSON.parse(late.body)).toEqual({ applied: 1, duplicates: 0, unknown: 0 });
    const again = await twilio.sendStatusCallback(target(path), { MessageSid: sid, MessageStatus: 'delivered' });
    expect(JSON.parse(again.body)).toEqual({ applied: 0, duplicates: 1, unknown: 0 });
    const conversation = await as('desk', { method: 'GET', url: `/api/cases/${caseId}/conversation` });
    expect(conversation.json().messages[0].delivery).toBe('delivered');
  });

  it('refuses a forged inbound text with 403 and stores nothing', async () => {
    const before = await optOuts();
    const forged = await twilio.sendInbound(target('/webhooks/twilio/messages/inbound'), { From: '+18132345601', To: officeNumber, Body: 'STOP' }, { signWith: 'not-the-auth-token-000000000000' });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body).error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('signature is missing or does not match; nothing was stored') });
    expect(await t.store.db.selectFrom('inbound_messages').select('id').execute()).toHaveLength(0);
    expect(await optOuts()).toEqual(before);
    const unsigned = await twilio.sendInbound(target('/webhooks/twilio/messages/inbound'), { From: '+18132345601', To: officeNumber, Body: 'STOP' }, { signature: '' });
    expect(unsigned.status).toBe(403);
  });

  it('lands a reply in the conversation and puts the case at the top as "patient replied"', async () => {
    const reply = await twilio.sendInbound(target('/webhooks/twilio/messages/inbound'), { From: '+18132345601', To: officeNumber, Body: 'Can you call me after 5?' });
    expect(reply.status).toBe(200);
    expect(reply.contentType).toContain('text/xml');
    expect(reply.body).toContain('<Response/>');
    const theCase = await t.store.db.selectFrom('cases').select(['next_step', 'priority_why', 'next_action_at']).where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(theCase.next_step).toBe('answer the patient\'s reply');
    expect(theCase.priority_why).toBe('patient replied at 10:00');
    const conversation = await as('desk', { method: 'GET', url: `/api/cases/${caseId}/conversation` });
    expect(conversation.json().messages.at(-1)).toMatchObject({ direction: 'in', text: 'Can you call me after 5?', flagged: false });
  });

  it('warns on free text that names a procedure and sends it only when confirmed', async () => {
    const refused = await as('desk', { method: 'POST', url: `/api/cases/${caseId}/messages`, payload: { channel: 'sms', text: 'Your crown is ready, call us' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('"crown" reveals clinical information') });
    const confirmed = await as('desk', { method: 'POST', url: `/api/cases/${caseId}/messages`, payload: { channel: 'sms', text: 'Your crown is ready, call us', confirmWarnings: true } });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(confirmed.json().warnings[0]).toContain('"crown" reveals clinical information');
    expect(twilio.messages.at(-1)!.body).toBe('Your crown is ready, call us');
  });

  it('records STOP for the number at once; the next text is refused by the gate with the reason shown', async () => {
    const started = process.hrtime.bigint();
    const stop = await twilio.sendInbound(target('/webhooks/twilio/messages/inbound'), { From: '+18132345601', To: officeNumber, Body: 'Stop' });
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(stop.status).toBe(200);
    expect(await optOuts()).toEqual([{ contact_point_id: patient.mobileId, channel: null, received_via: 'sms_keyword' }]);
    console.info(`STOP webhook to recorded opt-out on ${backend}: ${elapsedMs.toFixed(1)} ms`);
    const sentBefore = twilio.messages.length;
    const next = await as('desk', { method: 'POST', url: `/api/cases/${caseId}/messages`, payload: { channel: 'sms', templateKey: 'hygiene_recall_sms' } });
    expect(next.statusCode).toBe(201);
    expect(next.json().state).toBe('skipped');
    expect(next.json().reason).toMatch(/^skipped: the contact gate said no: .*opted out/i);
    expect(twilio.messages).toHaveLength(sentBefore);
  });

  it('emails with one-click unsubscribe headers; looking at the link changes nothing, a POST opts the address out', async () => {
    const response = await as('desk', { method: 'POST', url: `/api/cases/${caseId}/messages`, payload: { channel: 'email', templateKey: 'hygiene_recall_email' } });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().state).toBe('sent');
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.from).toEqual([{ name: 'Office TPA', address: 'recall@tampa-smiles.example' }]);
    expect(mail.replyTo).toEqual([{ name: '', address: 'front@tampa-smiles.example' }]);
    expect(mail.text).toContain('https://portal.tampa-smiles.example');
    const listUnsubscribe = mail.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
    const post = mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')!.line;
    expect(post).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const url = /<(https:\/\/recare\.example\.org\/u\/[A-Za-z0-9_-]{43})>/.exec(listUnsubscribe)?.[1];
    expect(url).toBeDefined();
    const path = new URL(url!).pathname;
    const look = await server.inject({ method: 'GET', url: path });
    expect(look.statusCode).toBe(200);
    expect(look.body).toContain('Stop these emails?');
    expect((await optOuts()).filter((o) => o.channel === 'email')).toEqual([]);
    const click = await server.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(click.statusCode).toBe(200);
    expect(click.body).toContain('You are unsubscribed');
    expect((await optOuts()).filter((o) => o.channel === 'email')).toEqual([{ contact_point_id: patient.emailId, channel: 'email', received_via: 'email' }]);
    const unknown = await server.inject({ method: 'POST', url: `/u/${'x'.repeat(43)}` });
    expect(unknown.statusCode).toBe(404);
  });

  it('shows managers the Outbox, and refuses it to the front desk', async () => {
    const desk = await as('desk', { method: 'GET', url: '/api/outbox' });
    expect(desk.statusCode).toBe(403);
    const outbox = await as('boss', { method: 'GET', url: '/api/outbox?state=skipped' });
    expect(outbox.statusCode).toBe(200);
    expect(outbox.json().counts).toMatchObject({ sent: 3, skipped: 1 });
    expect(outbox.json().entries).toEqual([expect.objectContaining({ channel: 'sms', state: 'skipped', patientId: 'FL-1', reason: expect.stringMatching(/^skipped: /) })]);
    const bad = await as('boss', { method: 'GET', url: '/api/outbox?state=lost' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('must be one of due, claimed, sending, sent, failed, skipped, all');
  });

  it('pauses automated messages with an audit entry, and every page knows', async () => {
    const paused = await as('boss', { method: 'PUT', url: '/api/messaging/pause', payload: { paused: true, reason: 'template review' } });
    expect(paused.statusCode).toBe(200);
    expect(paused.json()).toMatchObject({ paused: true, changedBy: 'boss', reason: 'template review' });
    const workspace = await as('desk', { method: 'GET', url: '/api/workspace' });
    expect(workspace.json().messagingPaused).toBe(true);
    const audit = await t.store.db.selectFrom('audit_events').select(['action', 'actor_user_id']).where('action', '=', 'messaging.pause').execute();
    expect(audit).toEqual([{ action: 'messaging.pause', actor_user_id: sessions.boss!.id }]);
    const deskTries = await as('desk', { method: 'PUT', url: '/api/messaging/pause', payload: { paused: false } });
    expect(deskTries.statusCode).toBe(403);
    await as('boss', { method: 'PUT', url: '/api/messaging/pause', payload: { paused: false } });
  });

  it('shows admins the channel settings with every secret write-only', async () => {
    const response = await as('it', { method: 'GET', url: '/api/channels' });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain(authToken);
    expect(response.body).not.toContain(smtp.url);
    const body = response.json();
    expect(body.sms.provider).toBe('twilio');
    expect(body.sms.settings).toContainEqual({ name: 'TWILIO_AUTH_TOKEN', value: null, secret: true, set: true });
    expect(body.sms.settings).toContainEqual({ name: 'TWILIO_ACCOUNT_SID', value: 'AC…a1a1', secret: false, set: true });
    expect(body.email.settings).toContainEqual({ name: 'SMTP_URL', value: null, secret: true, set: true });
    const test = await as('it', { method: 'POST', url: '/api/channels/test', payload: { channel: 'sms', to: '+18135550199' } });
    expect(test.statusCode, test.body).toBe(201);
    expect(test.json()).toMatchObject({ state: 'sent', provider: 'twilio' });
    expect(twilio.messagesTo('+18135550199')).toHaveLength(1);
    const bad = await as('it', { method: 'POST', url: '/api/channels/test', payload: { channel: 'sms', to: '555-0199' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('"555-0199" is not a phone number in E.164 form, like +18135550100.');
    // Never to a patient, never to a number that said STOP: nothing is queued or sent.
    const toPatient = await as('it', { method: 'POST', url: '/api/channels/test', payload: { channel: 'sms', to: '+18132345601' } });
    expect(toPatient.statusCode).toBe(409);
    expect(toPatient.json().error).toMatchObject({ code: 'conflict', message: "+18132345601 is a patient's number; a test message goes to a staff member's own phone." });
    await t.store.db.insertInto('number_opt_outs').values({ value: '+18135550177', received_at: new Date('2026-12-01T12:00:00Z'), evidence: 'test' }).execute();
    const toStopped = await as('it', { method: 'POST', url: '/api/channels/test', payload: { channel: 'sms', to: '+18135550177' } });
    expect(toStopped.statusCode).toBe(409);
    expect(toStopped.json().error).toMatchObject({ code: 'conflict', message: '+18135550177 texted STOP (or opted out) and gets nothing from Recare until it texts START. Send the test to a staff number.' });
    expect(twilio.messagesTo('+18132345601').filter((m) => m.body.startsWith('This is a test'))).toHaveLength(0);
    expect(twilio.messagesTo('+18135550177')).toHaveLength(0);
  });

  it('prints the day\'s letters as one PDF with labels, and records an attempt per letter when mailed', async () => {
    await t.store.db.updateTable('patients').set({ address1: '12 Bayshore Blvd', city: 'Tampa', zip: '33606' }).where('id', '=', patient.patientId).execute();
    const queued = await as('desk', { method: 'POST', url: `/api/cases/${caseId}/letters` });
    expect(queued.statusCode, queued.body).toBe(201);
    expect((await as('boss', { method: 'GET', url: '/api/letters' })).json()).toMatchObject({ pending: 1, batches: [] });
    const deskBatch = await as('desk', { method: 'POST', url: '/api/letters/batches' });
    expect(deskBatch.statusCode).toBe(403);
    const batch = await as('boss', { method: 'POST', url: '/api/letters/batches' });
    expect(batch.statusCode, batch.body).toBe(201);
    expect(batch.json()).toMatchObject({ letterCount: 1, skipped: 0 });
    const id = batch.json().id as number;
    const letters = await as('boss', { method: 'GET', url: `/api/letters/batches/${id}/letters.pdf` });
    expect(letters.statusCode).toBe(200);
    expect(letters.headers['content-type']).toBe('application/pdf');
    expect(letters.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const labels = await as('boss', { method: 'GET', url: `/api/letters/batches/${id}/labels.pdf` });
    expect(labels.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const mailed = await as('boss', { method: 'POST', url: `/api/letters/batches/${id}/mailed` });
    expect(mailed.statusCode, mailed.body).toBe(200);
    expect(mailed.json()).toMatchObject({ id, attempts: 1 });
    const attempts = await t.store.db.selectFrom('attempts').select(['channel', 'compliance_decision_id']).where('patient_id', '=', patient.patientId).where('channel', '=', 'letter').execute();
    expect(attempts).toEqual([{ channel: 'letter', compliance_decision_id: expect.any(Number) }]);
    const again = await as('boss', { method: 'POST', url: `/api/letters/batches/${id}/mailed` });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe(`Letter batch #${id} does not exist or was already marked as mailed.`);
  });
});
