/**
 * A live booking link or identity code never outlives its message in Recare's database, on both
 * backends, against the loopback Twilio stand-in: while a text is being handed over its stored text
 * holds the link (a crash there is reconciled and re-sent from it); once Twilio accepted it, or it
 * failed for good, the token is masked in the stored text and the secret column cleared. The patient
 * still receives the working link, and a texted code still confirms their identity.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { secretMask } from '../../src/db/queries/outbox.js';
import { issueLink } from '../../src/use-cases/booking/issue-link.js';
import { confirmIdentity, sendIdentityCode } from '../../src/use-cases/booking/patient-link.js';
import { dispatchDueTouches } from '../../src/use-cases/messaging/dispatch-due-touches.js';
import { retryOutboxEntry } from '../../src/use-cases/messaging/manage-outbox.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-stand-in.js';
import { messagingDeps, publicBaseUrl, seedTextingClinic, silentLog, standInProviders, testAccountSid, testAuthToken, testFromNumber, textDueAt, type TextingPatient } from '../helpers/texting-clinic.js';

const linkPattern = new RegExp(`${publicBaseUrl}/b/([A-Za-z0-9_-]{43})`);

describe.each(backends)('secrets in queued messages on %s', (backend) => {
  let t: TestStore;
  let standIn: TwilioStandIn;
  let patients: TextingPatient[];
  const deps = (at: Date) => messagingDeps(t.store, standInProviders(t.store, standIn, at), at);

  beforeAll(async () => {
    t = await openTestStore(backend);
    ({ patients } = await seedTextingClinic(t.store, 4));
    const body = 'Hi {{patient_first_name}}, you\'re due for your regular visit at {{practice_name}}. Pick a time: {{booking_link}} {{opt_out_instructions}}';
    await t.store.db.insertInto('message_templates').values({ key: 'hygiene_recall_sms', channel: 'sms', language: 'en', subject: null, body })
      .onConflict((c) => c.columns(['key', 'language']).doUpdateSet({ body })).execute();
    standIn = await startTwilioStandIn({ accountSid: testAccountSid, authToken: testAuthToken, clock: fixedClock(textDueAt), ownedNumbers: [testFromNumber] });
    standIn.failFor(patients[1]!.mobile, { status: 400, code: 21211 });
    standIn.failFor(patients[3]!.mobile, { status: 400, code: 21408 });
  }, 120_000);
  afterAll(async () => {
    await standIn?.close();
    await t?.dispose();
  });

  it('keeps the link in the stored text only while the text is being handed over, then masks it', async () => {
    const held = standIn.holdNext();
    const pass = dispatchDueTouches(deps(textDueAt));
    await held.received;
    const inFlight = await t.store.db.selectFrom('outbox').select(['state', 'body', 'secret']).where('case_id', '=', patients[0]!.caseId).executeTakeFirstOrThrow();
    expect(inFlight.state).toBe('sending');
    const token = linkPattern.exec(inFlight.body ?? '')?.[1];
    expect(token).toBeDefined();
    expect(inFlight.secret).toBe(token);
    held.release();
    await pass;

    const sent = await t.store.db.selectFrom('outbox').select(['state', 'body', 'secret']).where('case_id', '=', patients[0]!.caseId).executeTakeFirstOrThrow();
    expect(sent.state).toBe('sent');
    expect(sent.secret).toBeNull();
    expect(sent.body).toContain(`${publicBaseUrl}/b/${secretMask} `);
    expect(sent.body).not.toContain(token);
    // The patient got the live link: its hash is the stored link's.
    const [message] = standIn.messagesTo(patients[0]!.mobile);
    expect(linkPattern.exec(message!.body)?.[1]).toBe(token);
    const link = await t.store.db.selectFrom('booking_links').select('case_id').where('token_sha256', '=', createHash('sha256').update(token!).digest('hex')).executeTakeFirstOrThrow();
    expect(link.case_id).toBe(patients[0]!.caseId);
  });

  it('masks the link of a text that failed for good', async () => {
    const failed = await t.store.db.selectFrom('outbox').select(['state', 'body', 'secret']).where('case_id', '=', patients[1]!.caseId).executeTakeFirstOrThrow();
    expect(failed.state).toBe('failed');
    expect(failed.secret).toBeNull();
    expect(failed.body).toContain(`/b/${secretMask}`);
    expect(failed.body).not.toMatch(linkPattern);
  });

  it('writes a fresh link into a failed text that staff retry, instead of sending the masked one', async () => {
    const failed = await t.store.db.selectFrom('outbox').select(['id', 'state', 'body']).where('case_id', '=', patients[3]!.caseId).executeTakeFirstOrThrow();
    expect(failed.state).toBe('failed');
    expect(failed.body).toContain(`/b/${secretMask}`);
    standIn.clearFailFor(patients[3]!.mobile);
    const staff = (await t.store.db.insertInto('users').values({ email: 'mgr@clinic.example', display_name: 'mgr', role: 'manager', all_locations: true }).returning('id').executeTakeFirstOrThrow()).id;
    const at = new Date(textDueAt.getTime() + 30 * 60_000);
    await retryOutboxEntry({ store: t.store, clock: fixedClock(at) }, { id: failed.id, userId: staff, scope: { allLocations: true, locationIds: [] }, remoteAddress: null });
    await dispatchDueTouches(deps(at));
    const [resent] = standIn.messagesTo(patients[3]!.mobile).filter((m) => m.status !== 'failed');
    const token = linkPattern.exec(resent!.body)?.[1];
    expect(token).toBeDefined();
    expect(resent!.body).not.toContain(secretMask);
    const link = await t.store.db.selectFrom('booking_links').select(['case_id', 'revoked_at']).where('token_sha256', '=', createHash('sha256').update(token!).digest('hex')).executeTakeFirstOrThrow();
    expect(link).toEqual({ case_id: patients[3]!.caseId, revoked_at: null });
    const after = await t.store.db.selectFrom('outbox').select(['state', 'body', 'secret']).where('id', '=', failed.id).executeTakeFirstOrThrow();
    expect(after.state).toBe('sent');
    expect(after.secret).toBeNull();
    expect(after.body).toContain(`/b/${secretMask}`);
  });

  it('masks a texted identity code once it is sent, and the code the patient got still works', async () => {
    const at = new Date(textDueAt.getTime() + 60 * 60_000);
    const plain = { store: t.store, clock: fixedClock(at), log: silentLog };
    await t.store.db.updateTable('patients').set({ birth_date: '1977-01-31' }).where('id', '=', patients[2]!.patientId).execute();
    const link = await issueLink(plain, { patient: patients[2]!.externalId, baseUrl: null });
    const token = link.url.split('/b/')[1]!;
    expect(await sendIdentityCode(plain, { token })).toMatchObject({ kind: 'identify', codeSent: true });
    const queued = await t.store.db.selectFrom('outbox').select(['id', 'body', 'secret']).where('key', '=', `link-${link.linkId}-code-1`).executeTakeFirstOrThrow();
    expect(queued.secret).toMatch(/^\d{6}$/);
    await dispatchDueTouches(deps(at));
    const after = await t.store.db.selectFrom('outbox').select(['state', 'body', 'secret']).where('id', '=', queued.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ state: 'sent', secret: null, body: `Office TPA: your code is ${secretMask}. It expires in 10 minutes.` });
    const texted = standIn.messagesTo(patients[2]!.mobile).at(-1)!;
    const code = /your code is (\d{6})/.exec(texted.body)?.[1];
    expect(code).toBe(queued.secret);
    expect((await confirmIdentity(plain, { token, code: code! })).view.kind).toBe('open');
  });
});
