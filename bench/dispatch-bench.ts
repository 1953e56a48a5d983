/**
 * `dispatch.sms`: the dispatcher draining a due set of automated recall texts through the Twilio
 * adapter to the loopback Twilio stand-in (the strict one the tests use: Basic auth, form fields,
 * StatusCallback), gate, rendering, attempt, case move and provider answer included. Messages per
 * second over the whole drain (every pass until nothing is queued or claimed).
 *
 * The due set: on a loaded and planned store, N cases of the recall programs that text by
 * themselves, one per patient, whose text the gate would allow at the pinned instant (asked
 * beforehand through the same pure gate, so the bench measures sending, not skipping) and with no
 * booking ahead; their next step is set to the program's text step, due a minute ago. Every other
 * case whose next step is an automated text or email is moved a month out, so the drain sends
 * exactly that set. The pinned instant (Tue 2026-11-24 18:00Z = 13:00 New York, 11:00 Phoenix) is
 * inside office hours and every calling window; pacing does not spread (spreadMinutes 0) and the
 * per-pass caps are above N, so nothing is deferred.
 *
 * The floor, in the same run: the attempt rows the drain wrote, inserted again one statement per
 * row (same columns and values, a fresh idempotency key) through the same query module; the
 * dispatcher cannot record a message with less. `floor_batched_ms` is the same rows in multi-row
 * inserts, for reference. Measured after the drain, as the copies cannot be deleted (attempts is
 * append-only).
 *
 * The stand-in is the tests' own (tsconfig.build.json builds that one file into dist/), not a second,
 * laxer server: a request the tests would refuse fails the bench too (every answer must be a 201). It
 * runs in this process, so its work counts against the figure.
 */
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { fixedClock } from '../src/clock.js';
import { messageProviders } from '../src/channels/providers.js';
import { createSandbox } from '../src/channels/sandbox.js';
import { pdfLetterPrinter } from '../src/channels/letter/letter-printer.js';
import { createTwilioSms } from '../src/channels/sms/twilio.js';
import { insertAttempt } from '../src/db/queries/cases.js';
import { loadGateFactsFor } from '../src/db/queries/gate-facts-bulk.js';
import type { Backend, Store } from '../src/db/open-store.js';
import { decideTouch, type Purpose } from '../src/domain/compliance/index.js';
import { automatedSteps, dispatchDueTouches } from '../src/use-cases/messaging/dispatch-due-touches.js';
import { defaultMessagingSettings, type MessagingDeps } from '../src/use-cases/messaging/messaging-deps.js';
import { loadEngineContext } from '../src/use-cases/shared/engine-context.js';
import { startTwilioStandIn } from '../test/helpers/twilio-stand-in.js';
import { median, printResult, round } from './measure.js';

const at = new Date('2026-11-24T18:00:00Z');
const accountSid = `AC${'0123456789abcdef'.repeat(2)}`;
const authToken = 'bench-auth-token';
const messagingServiceSid = `MG${'fedcba9876543210'.repeat(2)}`;

interface DueCase { id: number; patientId: number; programKey: string; purpose: Purpose; step: number; label: string }

/** Cases of programs with an automated text step, one per patient, that the gate would let text now. */
async function chooseDueSet(store: Store, wanted: number): Promise<{ chosen: DueCase[]; looked: number }> {
  const context = await loadEngineContext({ store });
  const texting = automatedSteps(context).filter((s) => s.channel === 'sms' && s.templateKey !== null && s.purpose !== 'appointment_reminder');
  const stepOf = new Map<string, { step: number; label: string; purpose: Purpose }>();
  for (const s of texting) {
    const program = context.programByKey.get(s.programKey)?.program;
    const step = program?.cadence.steps.findIndex((x) => x.channel === 'message' || x.channel === 'sms') ?? -1;
    if (program && step >= 0) stepOf.set(s.programKey, { step, label: program.cadence.steps[step]?.label ?? 'text', purpose: program.purpose });
  }
  const chosen: DueCase[] = [];
  let looked = 0;
  let after = 0;
  const patients = new Set<number>();
  while (chosen.length < wanted) {
    const page = (await sql<{ id: number; patient_id: number; lead_program_key: string }>`
      select c.id, c.patient_id, c.lead_program_key from cases c
      where c.id > ${after} and c.state in ('open', 'waiting') and c.claimed_by is null and c.lead_program_key = any(${[...stepOf.keys()]}::text[])
        and not exists (select 1 from appointments a where a.patient_id = c.patient_id and a.status in ('scheduled', 'confirmed') and a.starts_at > ${at}::timestamptz)
      order by c.id
      limit 2000`.execute(store.db)).rows.map((r) => ({ id: Number(r.id), patientId: Number(r.patient_id), programKey: r.lead_program_key }));
    if (page.length === 0) break;
    after = page[page.length - 1]?.id ?? after;
    const rows = page.filter((r) => !patients.has(r.patientId));
    for (const r of rows) patients.add(r.patientId);
    looked += page.length;
    const facts = await loadGateFactsFor(store.db, rows.map((r) => r.patientId), at);
    for (const r of rows) {
      const step = stepOf.get(r.programKey);
      const f = facts.get(r.patientId);
      if (!step || !f) continue;
      const { decision } = decideTouch(f, context.contactPolicy, { channel: 'sms', purpose: step.purpose, automated: true, programKey: r.programKey }, at);
      if (decision.allowed) chosen.push({ ...r, ...step });
      if (chosen.length === wanted) break;
    }
  }
  return { chosen, looked };
}

async function makeDue(store: Store, chosen: readonly DueCase[]): Promise<void> {
  const dueAt = new Date(at.getTime() - 60_000);
  // Nothing else goes out in this drain: other automated steps due by now wait a month.
  await sql`update cases set next_action_at = ${new Date(at.getTime() + 30 * 86_400_000)}::timestamptz
    where next_channel in ('sms', 'email') and next_action_at <= ${at}::timestamptz and not (id = any(${chosen.map((c) => c.id)}::bigint[]))`.execute(store.db);
  for (let i = 0; i < chosen.length; i += 1000) {
    const part = chosen.slice(i, i + 1000);
    await sql`update cases c set cadence_step = d.step, next_channel = 'sms', next_step = d.label, next_action_at = ${dueAt}::timestamptz, updated_at = ${dueAt}::timestamptz
      from unnest(${part.map((c) => c.id)}::bigint[], ${part.map((c) => c.step)}::int[], ${part.map((c) => c.label)}::text[]) as d(id, step, label)
      where c.id = d.id`.execute(store.db);
  }
  await sql`update organization set demo = false`.execute(store.db);
  await sql`analyze`.execute(store.db);
}

export async function benchDispatch(options: { backend: Backend; size: number; store: Store; log: Logger; messages: number; runs: number }): Promise<void> {
  const { backend, size, store } = options;
  const clock = fixedClock(at.toISOString());
  const { chosen, looked } = await chooseDueSet(store, options.messages);
  if (chosen.length === 0) throw new Error(`bench dispatch: no case of ${size} patients could be texted at ${at.toISOString()}`);
  await makeDue(store, chosen);

  const standIn = await startTwilioStandIn({ accountSid, authToken, clock });
  try {
    const twilio = createTwilioSms({ accountSid, authToken, messagingServiceSid, apiBaseUrl: standIn.baseUrl, clock });
    const sandbox = (channel: 'sms' | 'email') => createSandbox(channel, { store, seed: 'bench' });
    const deps: MessagingDeps = {
      store, clock, log: options.log, workerId: 'bench-1', printer: pdfLetterPrinter,
      providers: messageProviders({ sms: twilio }, { sms: sandbox('sms'), email: sandbox('email') }),
      messaging: {
        ...defaultMessagingSettings, publicBaseUrl: 'https://recare.example.org', portalUrl: 'https://portal.example.com',
        batchSize: 500, smsPerMinute: 100_000, pacing: { spreadMinutes: 0, lastSendBeforeCloseMinutes: 60 },
      },
    };
    const totals: Record<string, number> = {};
    let passes = 0;
    let queued = 0;
    const started = performance.now();
    for (;;) {
      const pass = await dispatchDueTouches(deps);
      passes += 1;
      queued += pass.queued;
      for (const [k, v] of Object.entries(pass.results)) totals[k] = (totals[k] ?? 0) + v;
      if (pass.queued === 0 && pass.claimed === 0) break;
    }
    const ms = round(performance.now() - started);
    const sent = standIn.messages.length;
    if (sent !== totals.sent || standIn.requests.some((r) => r.answer !== 201)) {
      throw new Error(`bench dispatch: the stand-in accepted ${sent} messages, the dispatcher counted ${JSON.stringify(totals)}`);
    }

    const attempts = await store.db.selectFrom('attempts as a').innerJoin('outbox as o', 'o.attempt_id', 'a.id').selectAll('a').where('o.provider', '=', 'twilio').execute();
    if (attempts.length !== sent || attempts.some((a) => a.undo !== null || a.actor_kind !== 'automation' || a.purpose === null)) {
      throw new Error(`bench dispatch: ${attempts.length} automated attempts recorded for ${sent} messages`);
    }
    let floorRun = 0;
    // The attempts again, as insertAttempt writes them: one statement per row, or 500 rows per statement.
    const insertAll = async (batched: boolean) => {
      const run = floorRun++;
      const rows = attempts.map(({ id: _id, created_at: _created, provider_message_id: _sid, ...a }, i) => ({ ...a, undo: null, idempotency_key: `bench-floor-${run}-${i}` }));
      const started = performance.now();
      if (batched) {
        for (let i = 0; i < rows.length; i += 500) await store.db.insertInto('attempts').values(rows.slice(i, i + 500)).execute();
      } else {
        for (const r of rows) {
          await insertAttempt(store.db, {
            caseId: r.case_id, patientId: r.patient_id, contactPointId: r.contact_point_id, channel: r.channel, actorUserId: r.actor_user_id, actorKind: 'automation',
            purpose: r.purpose as string, programKeys: r.program_keys, complianceDecisionId: r.compliance_decision_id, outcome: r.outcome, note: r.note, callbackAt: r.callback_at,
            occurredAt: r.occurred_at, undo: null, idempotencyKey: r.idempotency_key, templateKey: r.template_key, contentSha256: r.content_sha256,
          });
        }
      }
      // attempts is append-only (a trigger refuses DELETE): the copies stay; the drain is over and nothing reads them.
      return performance.now() - started;
    };
    const floor = await median(options.runs, () => insertAll(false));
    const batched = await median(options.runs, () => insertAll(true));
    printResult({
      bench: 'dispatch.sms', backend, size, ms, floor_ms: floor.median, ratio: round(ms / floor.median),
      messages: sent, messages_per_s: Math.round(sent / (ms / 1000)), floor_rows_per_s: Math.round(attempts.length / (floor.median / 1000)),
      floor_batched_ms: batched.median, passes, queued, ...Object.fromEntries(Object.entries(totals).filter(([k, v]) => k !== 'sent' && v > 0)),
      due_set: chosen.length, cases_looked_at: looked,
    });
  } finally {
    await standIn.close();
  }
}
