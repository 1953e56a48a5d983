/**
 * Crash safety of the dispatcher (issue 15, "Must show"): a dispatcher in its own process (built
 * code, test/helpers/dispatch-child.mjs; `npm run build` first) against a PostgreSQL database shared
 * with the test and the loopback Twilio stand-in, killed with SIGKILL after the claim, after the
 * attempt is recorded, during the provider call and after the provider's answer. A fresh dispatcher
 * started once the lease has run out must leave every due text handed to Twilio exactly once (the
 * ambiguous ones found through Twilio's message list, not sent again), every entry "sent", and one
 * attempt per message. Then two dispatchers on one database at once: each message goes once.
 * Clocks are pinned: the children get `at`, the stand-in the test's clock.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { defaultMessagingSettings } from '../../src/use-cases/messaging/messaging-deps.js';
import { dispatchDueTouches, type DispatchSummary } from '../../src/use-cases/messaging/dispatch-due-touches.js';
import type { DispatchStep } from '../../src/use-cases/messaging/messaging-deps.js';
import { openTestStore, type TestStore } from '../helpers/databases.js';
import { startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-stand-in.js';
import {
  messagingDeps, publicBaseUrl, seedTextingClinic, standInProviders, testAccountSid, testAuthToken, testFromNumber, textDueAt, type TextingPatient,
} from '../helpers/texting-clinic.js';

const childScript = join(import.meta.dirname, '../helpers/dispatch-child.mjs');
const leaseSeconds = defaultMessagingSettings.leaseSeconds;
const afterLease = new Date(textDueAt.getTime() + (leaseSeconds + 1) * 1000);
const withinLease = new Date(textDueAt.getTime() + 60_000);

interface Child {
  lines: Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitFor(predicate: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  send(line: string): void;
  kill(): void;
  summaries(): DispatchSummary[];
}

function startDispatcher(options: Record<string, unknown>): Child {
  const child = spawn(process.execPath, [childScript, JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  const waiting: { predicate: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  createInterface({ input: child.stdout }).on('line', (text) => {
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.push(line);
    for (const w of waiting.splice(0)) {
      if (w.predicate(line)) w.resolve(line);
      else waiting.push(w);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal === null) process.stderr.write(`dispatcher child failed (${code}): ${stderr}\n`);
      resolve({ code, signal });
    });
  });
  return {
    lines,
    exited,
    waitFor: (predicate) => {
      const seen = lines.find(predicate);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ predicate, resolve }));
    },
    send: (line) => child.stdin.write(`${line}\n`),
    kill: () => child.kill('SIGKILL'),
    summaries: () => lines.filter((l) => 'summary' in l).map((l) => l.summary as DispatchSummary),
  };
}

describe('the dispatcher killed with SIGKILL, then restarted, on PostgreSQL', () => {
  let t: TestStore | undefined;
  let standIn: TwilioStandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
    await t?.dispose();
    standIn = undefined;
    t = undefined;
  });

  async function setUp(count: number): Promise<{ t: TestStore; standIn: TwilioStandIn; patients: TextingPatient[]; childOptions: (extra: Record<string, unknown>) => Record<string, unknown> }> {
    t = await openTestStore('postgres');
    if (t.target.kind !== 'postgres') throw new Error('the crash test needs PostgreSQL');
    const { url } = t.target;
    const { patients } = await seedTextingClinic(t.store, count);
    standIn = await startTwilioStandIn({ accountSid: testAccountSid, authToken: testAuthToken, clock: fixedClock(textDueAt), ownedNumbers: [testFromNumber] });
    const stand = { baseUrl: standIn.baseUrl, accountSid: testAccountSid, authToken: testAuthToken, fromNumber: testFromNumber };
    return { t, standIn, patients, childOptions: (extra) => ({ databaseUrl: url, standIn: stand, publicBaseUrl, leaseSeconds, ...extra }) };
  }

  /** The end state after the restart: every due text once at Twilio, every entry sent, one attempt each. */
  async function expectEachSentOnce(db: TestStore, stand: TwilioStandIn, patients: TextingPatient[]): Promise<void> {
    for (const p of patients) expect(stand.messagesTo(p.mobile), `texts to patient ${p.externalId}`).toHaveLength(1);
    expect(stand.messages).toHaveLength(patients.length);
    const creates = stand.requests.filter((r) => r.method === 'POST');
    expect(creates).toHaveLength(patients.length);
    const entries = await db.store.db.selectFrom('outbox').selectAll().orderBy('id').execute();
    expect(entries).toHaveLength(patients.length);
    for (const entry of entries) {
      expect(entry).toMatchObject({ state: 'sent', provider: 'twilio', lease_owner: null });
      const sent = stand.messagesTo(entry.to_address!);
      expect(entry.provider_message_id).toBe(sent[0]!.sid);
    }
    const attempts = await db.store.db.selectFrom('attempts').select(['id', 'idempotency_key', 'case_id']).where('actor_kind', '=', 'automation').orderBy('id').execute();
    expect(attempts.map((a) => a.idempotency_key).sort()).toEqual(entries.map((e) => e.key).sort());
    expect(entries.map((e) => e.attempt_id).sort()).toEqual(attempts.map((a) => a.id).sort());
  }

  const steps: { step: DispatchStep; crashed: string; resumed: Partial<DispatchSummary['results']> }[] = [
    { step: 'claimed', crashed: 'claimed', resumed: { sent: 2, reconciled: 0 } },
    { step: 'attempt-recorded', crashed: 'sending', resumed: { sent: 2, reconciled: 0 } },
    { step: 'provider-answered', crashed: 'sending', resumed: { sent: 1, reconciled: 1 } },
  ];

  it.each(steps)('killed at $step of the second text: after the lease, each text goes exactly once', async ({ step, crashed, resumed }) => {
    const { t: db, standIn: stand, patients, childOptions } = await setUp(3);
    const first = startDispatcher(childOptions({ at: textDueAt.toISOString(), workerId: 'crashing', crashAt: { step, nth: 2 } }));
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(first.summaries()).toEqual([]);
    const [, second, third] = await db.store.db.selectFrom('outbox').selectAll().orderBy('id').execute();
    expect(second).toMatchObject({ state: crashed, lease_owner: 'crashing' });
    expect(third).toMatchObject({ state: 'claimed', lease_owner: 'crashing' });
    expect(stand.messages).toHaveLength(step === 'provider-answered' ? 2 : 1);

    // While the dead worker's lease runs, nobody takes its entries.
    const early = await dispatchDueTouches(messagingDeps(db.store, standInProviders(db.store, stand, withinLease), withinLease, { workerId: 'early' }));
    expect(early.claimed).toBe(0);

    const restarted = startDispatcher(childOptions({ at: afterLease.toISOString(), workerId: 'restarted', untilIdle: true }));
    expect(await restarted.exited).toEqual({ code: 0, signal: null });
    expect(restarted.summaries()[0]!.results).toMatchObject({ ...resumed, failed: 0, uncertain: 0, skipped: 0, 'lost-lease': 0 });
    await expectEachSentOnce(db, stand, patients);
    if (step !== 'claimed') {
      // The entry left "sending" was looked up at Twilio (its list of messages to the number) before anything else.
      const lookups = stand.requests.filter((r) => r.method === 'GET' && r.query.get('To') === second!.to_address);
      expect(lookups.length).toBeGreaterThan(0);
    }
  });

  it('killed during the provider call (Twilio has the text, the dispatcher never heard back): found, not sent again', async () => {
    const { t: db, standIn: stand, patients, childOptions } = await setUp(3);
    // Hold the second create: Twilio stores it and keeps the caller waiting; then the caller dies.
    let held: ReturnType<TwilioStandIn['holdNext']> | undefined;
    const holdSecond = () => { if (stand.messages.length === 1) held = stand.holdNext(); };
    stand.events.on('message', holdSecond);
    const first = startDispatcher(childOptions({ at: textDueAt.toISOString(), workerId: 'crashing' }));
    await stand.waitForMessages(2);
    await held!.received;
    first.kill();
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    stand.events.off('message', holdSecond);
    held!.release();
    const second = (await db.store.db.selectFrom('outbox').selectAll().orderBy('id').execute())[1]!;
    expect(second).toMatchObject({ state: 'sending', lease_owner: 'crashing', provider_message_id: null });
    expect(first.lines.filter((l) => l.step === 'provider-answered')).toHaveLength(1);

    const restarted = startDispatcher(childOptions({ at: afterLease.toISOString(), workerId: 'restarted', untilIdle: true }));
    expect(await restarted.exited).toEqual({ code: 0, signal: null });
    expect(restarted.summaries()[0]!.results).toMatchObject({ sent: 1, reconciled: 1, failed: 0, uncertain: 0 });
    await expectEachSentOnce(db, stand, patients);
    expect(stand.messagesTo(second.to_address!)[0]!.sid).toBe((await db.store.db.selectFrom('outbox').select('provider_message_id').where('id', '=', second.id).executeTakeFirstOrThrow()).provider_message_id);
  });

  it('two dispatchers on one database, started together on the same due list: each text goes once', async () => {
    const { t: db, standIn: stand, patients, childOptions } = await setUp(12);
    // Small batches, pass after pass, so the two really take turns at the list.
    const options = (workerId: string) => childOptions({ at: textDueAt.toISOString(), workerId, batchSize: 2, untilIdle: true, waitForGo: true });
    const servers = [startDispatcher(options('server-a')), startDispatcher(options('server-b'))];
    await Promise.all(servers.map((s) => s.waitFor((l) => l.ready === true)));
    for (const s of servers) s.send('go');
    expect(await Promise.all(servers.map((s) => s.exited))).toEqual([{ code: 0, signal: null }, { code: 0, signal: null }]);
    await expectEachSentOnce(db, stand, patients);
    const total = (field: keyof DispatchSummary['results']) => servers.flatMap((s) => s.summaries()).reduce((n, s) => n + s.results[field], 0);
    expect(total('sent')).toBe(patients.length);
    expect(total('lost-lease')).toBe(0);
    const queued = servers.flatMap((s) => s.summaries()).reduce((n, s) => n + s.queued, 0);
    expect(queued).toBe(patients.length);
    // Which server sent what is up to the scheduler; together they sent each once.
    const handled = servers.map((s) => new Set(s.lines.filter((l) => l.step === 'provider-answered').map((l) => l.outboxId)));
    expect(handled[0]!.size + handled[1]!.size).toBe(patients.length);
    for (const id of handled[0]!) expect(handled[1]!.has(id)).toBe(false);
  });
});
