/**
 * A simulated week of dispatch on the demo clinic (issue 15, "Must show"), with pinned clocks: the
 * clinic opens on Monday 2026-11-23 and for a week only people work the calls ("No answer"), so the
 * dispatched week, Monday 2026-11-30 to Sunday 2026-12-06, starts with hygiene cases whose texts
 * come due. Each morning the planner runs and the night's import brings two bookings for patients
 * whose text is about to go; each afternoon a person works part of the call list; on Wednesday a
 * manager pauses automated messages for two hours; every 30 minutes from 07:00 in New York to 21:00
 * in Phoenix the dispatcher passes with the sandbox provider (demo mode), and the sandbox's
 * deliveries and simulated replies (STOP among them) are fed back. Then, for every message that
 * went: the stored decision allowed it at the very instant it was sent; the gate, asked again at
 * that instant with the records of then, still allows it (windows, caps, consent, opt-outs,
 * confidential preferences); the local time in every candidate zone the decision lists was inside
 * 08:00–21:00; no opted-out or unconsented contact point got one; nothing went during the pause;
 * every skip has a reason; every rendered text passes the template linter.
 * PGlite only (the demo's database): the week takes about 30 s, and both backends run the same SQL
 * in the other dispatcher tests.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { pdfLetterPrinter } from '../../src/channels/letter/letter-printer.js';
import { messageProviders } from '../../src/channels/providers.js';
import { createSandbox } from '../../src/channels/sandbox.js';
import { loadGateFacts } from '../../src/db/queries/gate-facts.js';
import { writePause } from '../../src/db/queries/outbox.js';
import { loadPracticePolicy } from '../../src/db/queries/organization-policy.js';
import { decideTouch, type Channel, type Purpose } from '../../src/domain/compliance/index.js';
import { lintTemplate } from '../../src/domain/messages/index.js';
import { surfaceOf } from '../../src/domain/messages/message-template.js';
import { runSandboxActivity } from '../../src/use-cases/messaging/run-sandbox-activity.js';
import { loadDemoClinic } from '../../src/use-cases/load-demo-clinic.js';
import { dispatchDueTouches } from '../../src/use-cases/messaging/dispatch-due-touches.js';
import { defaultMessagingSettings, type MessagingDeps } from '../../src/use-cases/messaging/messaging-deps.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { recordOutcome } from '../../src/use-cases/record-outcome.js';
import { openTestStore, type TestStore } from '../helpers/databases.js';
import { silentLog } from '../helpers/texting-clinic.js';

const monday = DateTime.fromISO('2026-11-30T00:00:00Z', { zone: 'UTC' });
const days = 7;
/** Calls a person works each afternoon (the rest of the list waits). */
const callsPerDay = 25;

describe('a simulated week of dispatch on the demo clinic', () => {
  let t: TestStore;
  const totals = { bookings: 0, passes: 0, queued: 0, sent: 0, skipped: 0, deferred: 0, calls: 0, deliveries: 0, replies: 0 };

  const depsAt = (at: Date): MessagingDeps => {
    const clock = fixedClock(at);
    const sandbox = (channel: 'sms' | 'email') => createSandbox(channel, { store: t.store, seed: 'recare-demo' });
    return {
      store: t.store, clock, log: silentLog, workerId: 'week', printer: pdfLetterPrinter,
      providers: messageProviders({}, { sms: sandbox('sms'), email: sandbox('email') }),
      messaging: { ...defaultMessagingSettings, publicBaseUrl: 'https://recare.example.com', portalUrl: null },
    };
  };

  beforeAll(async () => {
    t = await openTestStore('pglite');
    // The clinic opens a week earlier, and in that week only people work the calls: so the week
    // dispatched starts with hygiene cases whose two calls went unanswered, their texts coming due.
    const warmUp = monday.minus({ days: 7 });
    await loadDemoClinic({ store: t.store, clock: fixedClock(warmUp.plus({ hours: 11 }).toJSDate()), log: silentLog }, { patients: 400, seed: 7, locations: 3 });
    for (let day = 0; day < 7; day++) {
      const date = warmUp.plus({ days: day });
      await planPatients({ store: t.store, clock: fixedClock(date.plus({ hours: 11 }).toJSDate()), log: silentLog }, { full: day === 0 });
      await workTheCallList(date.plus({ hours: 15, minutes: 40 }).toJSDate());
      await workTheCallList(date.plus({ hours: 19, minutes: 40 }).toJSDate());
    }
    const warmUpCalls = totals.calls;
    for (let day = 0; day < days; day++) {
      const date = monday.plus({ days: day });
      // 06:00 in New York: the morning plan.
      await planPatients({ store: t.store, clock: fixedClock(date.plus({ hours: 11 }).toJSDate()), log: silentLog }, {});
      // 07:00 New York (12:00Z) to 21:00 Phoenix (04:00Z the next day), every 30 minutes.
      for (let tick = date.plus({ hours: 12 }); tick <= date.plus({ hours: 28 }); tick = tick.plus({ minutes: 30 })) {
        const at = tick.toJSDate();
        // 14:40 in New York, between two passes: a person works the call list.
        if (tick.equals(date.plus({ hours: 20 }))) await workTheCallList(date.plus({ hours: 19, minutes: 40 }).toJSDate());
        // 07:10 in New York: the night's appointment import brings bookings for patients whose texts are about to go.
        if (tick.equals(date.plus({ hours: 12, minutes: 30 }))) await importBookings(date.plus({ hours: 12, minutes: 10 }).toJSDate());
        // Wednesday 12:00–14:00 in New York: a manager pauses automated messages.
        if (day === 2 && tick.equals(date.plus({ hours: 17 }))) await writePause(t.store.db, true, null, 'checking a template', at);
        if (day === 2 && tick.equals(date.plus({ hours: 19 }))) await writePause(t.store.db, false, null, null, at);
        const deps = depsAt(at);
        const summary = await dispatchDueTouches(deps);
        const activity = await runSandboxActivity(deps);
        totals.passes++;
        totals.queued += summary.queued;
        totals.sent += summary.results.sent;
        totals.skipped += summary.results.skipped;
        totals.deferred += summary.results.deferred;
        totals.deliveries += activity.deliveries;
        totals.replies += activity.replies;
      }
    }
    console.info(`simulated week: ${JSON.stringify({ ...totals, warmUpCalls })}`);
  }, 300_000);
  afterAll(async () => t.dispose());

  /** Two patients whose automated text or email is due within the day book a visit (next Tuesday, 10:00 New York). */
  async function importBookings(now: Date): Promise<void> {
    const soon = await t.store.db.selectFrom('cases').select(['patient_id', 'location_id']).where('state', 'in', ['open', 'waiting']).where('next_channel', 'in', ['sms', 'email'])
      .where('lead_program_key', '<>', 'confirmation').where('next_action_at', '<=', new Date(now.getTime() + 86_400_000)).orderBy('id').limit(2).execute();
    const startsAt = DateTime.fromJSDate(now, { zone: 'America/New_York' }).plus({ weeks: 1 }).set({ weekday: 2, hour: 10, minute: 0, second: 0, millisecond: 0 }).toJSDate();
    for (const c of soon) {
      await t.store.db.insertInto('appointments').values({
        external_id: `WEEK-${c.patient_id}-${now.getTime()}`, patient_id: c.patient_id, location_id: c.location_id, provider_id: null, starts_at: startsAt, status: 'scheduled', type: 'hygiene', confirmed_at: null,
      }).execute();
      totals.bookings++;
    }
  }

  /** A person calls the cases whose call is due, and nobody answers. */
  async function workTheCallList(now: Date): Promise<void> {
    const due = await t.store.db.selectFrom('cases').select('id').where('state', 'in', ['open', 'waiting']).where('next_channel', '=', 'voice')
      .where('next_action_at', '<=', now).where('claimed_by', 'is', null).orderBy('next_action_at').orderBy('id').limit(callsPerDay).execute();
    for (const c of due) {
      // Some calls are refused by the gate (an opt-out, a cap); a person would skip those too.
      const done = await recordOutcome({ store: t.store, clock: fixedClock(now), log: silentLog }, { caseId: c.id, outcome: 'No answer', channel: 'voice' }).catch(() => null);
      if (done) totals.calls++;
    }
  }

  const sentRows = () => t.store.db.selectFrom('outbox').selectAll().where('state', '=', 'sent').orderBy('id').execute();

  it('sent texts and emails over the week, each handed to the sandbox once', async () => {
    const rows = await sentRows();
    expect(rows.filter((r) => r.channel === 'sms').length).toBeGreaterThanOrEqual(10);
    expect(rows.filter((r) => r.channel === 'email').length).toBeGreaterThanOrEqual(1);
    expect(totals.replies).toBeGreaterThan(0);
    // Every sent message is in the sandbox's record, once.
    const sandbox = await t.store.db.selectFrom('sandbox_messages').select(['key', 'provider_message_id']).execute();
    expect(sandbox.map((s) => s.key).sort()).toEqual(rows.map((r) => r.key).sort());
  });

  it('every message that went was allowed by the gate at the instant it went, and still is when asked again with the records of then', async () => {
    const { contact: policy } = await loadPracticePolicy(t.store.db);
    for (const row of await sentRows()) {
      if (row.origin === 'reply') continue;
      const decision = await t.store.db.selectFrom('compliance_decisions').selectAll().where('id', '=', row.compliance_decision_id).executeTakeFirstOrThrow();
      expect(decision).toMatchObject({ allowed: true, channel: row.channel, purpose: row.purpose, patient_id: row.patient_id, contact_point_id: row.contact_point_id, automated: row.origin === 'cadence' });
      expect(decision.decided_at).toEqual(row.sent_at);
      const sentAt = row.sent_at!;
      const facts = await loadGateFacts(t.store.db, row.patient_id!, sentAt);
      const then = {
        ...facts!,
        // The records of the instant before: not this message's own attempt, nor anything later.
        history: facts!.history.filter((a) => a.occurredAt < sentAt),
        optOuts: facts!.optOuts.filter((o) => o.receivedAt <= sentAt),
        consents: facts!.consents.filter((c) => c.capturedAt <= sentAt),
      };
      const again = decideTouch(then, policy, { channel: row.channel as Channel, purpose: row.purpose as Purpose, automated: row.origin === 'cadence', programKey: row.program_key }, sentAt);
      expect(again.decision.reasons, `outbox #${row.id}`).toEqual([]);
      expect(again.contactPoint?.id).toBe(row.contact_point_id);
    }
  });

  it('every text went between 08:00 and 21:00 in every candidate time zone its decision lists', async () => {
    for (const row of (await sentRows()).filter((r) => r.channel === 'sms' && r.origin === 'cadence')) {
      const decision = await t.store.db.selectFrom('compliance_decisions').select('inputs').where('id', '=', row.compliance_decision_id).executeTakeFirstOrThrow();
      const zones = (typeof decision.inputs === 'string' ? JSON.parse(decision.inputs) : decision.inputs) as { timeZones: string[] };
      expect(zones.timeZones.length, `outbox #${row.id}`).toBeGreaterThan(0);
      for (const zone of zones.timeZones) {
        const local = DateTime.fromJSDate(row.sent_at!, { zone });
        expect(local.hour, `outbox #${row.id} at ${local.toISO()}`).toBeGreaterThanOrEqual(8);
        expect(local.hour, `outbox #${row.id} at ${local.toISO()}`).toBeLessThan(21);
      }
    }
  });

  it('no opted-out number or address, and no contact point without consent, got a message', async () => {
    for (const row of await sentRows()) {
      if (row.origin === 'reply') continue;
      const sentAt = row.sent_at!;
      const optOuts = await t.store.db.selectFrom('opt_outs').selectAll().where('patient_id', '=', row.patient_id)
        .where((eb) => eb.or([eb('contact_point_id', 'is', null), eb('contact_point_id', '=', row.contact_point_id)]))
        .where('received_at', '<=', sentAt).where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>', sentAt)])).execute();
      const covering = optOuts.filter((o) => o.channel === null || o.channel === row.channel || (row.channel === 'sms' && (o.channel === 'voice' || o.channel === 'voicemail')));
      expect(covering, `outbox #${row.id}`).toEqual([]);
      const consents = await t.store.db.selectFrom('consents').select(['granted', 'captured_at']).where('contact_point_id', '=', row.contact_point_id)
        .where('channel', '=', row.channel as Channel).where('captured_at', '<=', sentAt).orderBy('captured_at', 'desc').limit(1).execute();
      expect(consents.map((c) => c.granted), `outbox #${row.id}`).toEqual([true]);
    }
    // STOP replies of the week reached the opt-out list, and nothing automated went to those numbers after.
    const stops = await t.store.db.selectFrom('inbound_messages').select(['from_address', 'received_at', 'intent']).where('intent', '=', 'opt_out').execute();
    for (const stop of stops) {
      const later = await t.store.db.selectFrom('outbox').select('id').where('to_address', '=', stop.from_address).where('state', '=', 'sent')
        .where('origin', '=', 'cadence').where('sent_at', '>', stop.received_at).execute();
      expect(later).toEqual([]);
    }
  });

  it('nothing automated went while a manager had paused messages', async () => {
    const pausedFrom = monday.plus({ days: 2, hours: 17 }).toJSDate();
    const pausedUntil = monday.plus({ days: 2, hours: 19 }).toJSDate();
    const during = await t.store.db.selectFrom('outbox').select('id').where('origin', '=', 'cadence')
      .where('sent_at', '>=', pausedFrom).where('sent_at', '<', pausedUntil).execute();
    expect(during).toEqual([]);
    const control = await t.store.db.selectFrom('messaging_control').select(['paused', 'changed_at']).executeTakeFirstOrThrow();
    expect(control).toEqual({ paused: false, changed_at: pausedUntil });
  });

  it('every skipped or waiting entry says why', async () => {
    const rows = await t.store.db.selectFrom('outbox').select(['id', 'state', 'reason', 'tries']).where('state', 'in', ['skipped', 'failed', 'due']).execute();
    for (const row of rows) {
      if (row.state === 'due' && row.reason === null) continue; // queued, not yet looked at
      expect(row.reason, `outbox #${row.id} (${row.state})`).toMatch(/^(skipped|not sent|waiting|paced|paused|retrying|uncertain): \S/);
    }
    const skipped = rows.filter((r) => r.state === 'skipped');
    expect(skipped.every((r) => r.reason!.startsWith('skipped: '))).toBe(true);
    // The bookings of the week stopped texts that were about to go, each saying so.
    expect(skipped.filter((r) => /^skipped: appointment booked for \d{4}-\d{2}-\d{2}$/.test(r.reason!)).length).toBeGreaterThan(0);
  });

  it('every rendered text passes the template linter', async () => {
    const rows = await t.store.db.selectFrom('outbox').select(['id', 'channel', 'body', 'subject']).where('body', 'is not', null).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const channel = row.channel === 'email' ? 'email' : 'sms';
      expect(lintTemplate(surfaceOf(channel, 'body'), row.body!).problems, `outbox #${row.id}`).toEqual([]);
      if (row.subject) expect(lintTemplate(surfaceOf(channel, 'subject'), row.subject).problems, `outbox #${row.id}`).toEqual([]);
    }
  });
});
