/**
 * `recare check-contact`: the gate's answer on the command line, as JSON for scripts and as one or
 * two sentences for people, naming the rule that decided. Runs in-process on a seeded embedded data
 * directory; one test spawns the built CLI on a demo clinic and reports its wall time.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { fixedClock } from '../../src/clock.js';
import { openStore, type Store } from '../../src/db/open-store.js';
import { checkContact } from '../../src/use-cases/check-contact.js';
import { recordOptOut } from '../../src/use-cases/record-opt-out.js';
import { captureIo } from '../helpers/capture-io.js';
import { createDataDir } from '../helpers/databases.js';
import { seedLocation, seedPatient, type SeededPatient } from '../helpers/seed-patients.js';

const bin = join(import.meta.dirname, '../../bin/recare.js');
const log = pino({ level: 'silent' });
// Tuesday 2026-11-24 in Tampa (EST, UTC-5): 10:00 and 20:30 local.
const tuesdayMorning = '2026-11-24T15:00:00Z';
const tuesday2030 = '2026-11-25T01:30:00Z';

async function withStore<T>(dataDir: string, body: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ kind: 'pglite', dataDir }, { command: 'test' });
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

describe('recare check-contact on a seeded embedded database', () => {
  const data = createDataDir();
  let tampa: SeededPatient;
  // No DATABASE_URL: the embedded database in --data.
  const run = async (...args: string[]) => {
    const io = captureIo({});
    const code = await runCli(['check-contact', ...args, '--data', data.dir], io);
    return { code, out: io.out(), err: io.err() };
  };

  beforeAll(async () => {
    // The data directory allows one process at a time: seed, then close before the CLI opens it.
    await withStore(data.dir, async (store) => {
      const tpa = await seedLocation(store, 'TPA', 'FL', 'America/New_York');
      tampa = await seedPatient(store, { externalId: 'FL-1', locationId: tpa, state: 'FL', zip: '33606', mobile: '+18132345678', home: '+18135550100' });
      await seedPatient(store, { externalId: 'OUT-2', locationId: tpa, state: 'FL', zip: '33606', mobile: '+18132345679' });
      await recordOptOut({ store, clock: fixedClock('2026-11-01T12:00:00Z'), log }, { patient: 'OUT-2', contactPointId: null, channel: null, purposeClass: null, via: 'sms_keyword', evidence: 'replied STOP' });
    });
  });
  afterAll(() => data.remove());

  it("--json prints exactly { allowed, reasons, nextAllowedAt, timeZones, states }: blocked at 20:30 by Florida's 20:00 limit", async () => {
    const { code, out, err } = await run('--patient', 'FL-1', '--channel', 'voice', '--at', tuesday2030, '--json');
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trim().split('\n')).toHaveLength(1);
    const answer = JSON.parse(out);
    expect(Object.keys(answer)).toEqual(['allowed', 'reasons', 'nextAllowedAt', 'timeZones', 'states']);
    expect(answer.allowed).toBe(false);
    expect(answer.reasons).toHaveLength(1);
    expect(Object.keys(answer.reasons[0])).toEqual(['code', 'message']);
    expect(answer.reasons[0].code).toBe('outside_calling_window');
    expect(answer.reasons[0].message).toMatch(/^20:30 in America\/New_York is after Florida's 20:00 limit/);
    // 08:00 EST the next morning.
    expect(answer.nextAllowedAt).toBe('2026-11-25T13:00:00.000Z');
    expect(answer.timeZones).toEqual(['America/New_York']);
    expect(answer.states).toEqual(['FL']);
  });

  it('--json when allowed: no reasons, nextAllowedAt is an ISO instant (now)', async () => {
    const { code, out } = await run('--patient', 'FL-1', '--channel', 'sms', '--at', tuesdayMorning, '--json');
    expect(code).toBe(0);
    const answer = JSON.parse(out);
    expect(answer).toEqual({ allowed: true, reasons: [], nextAllowedAt: '2026-11-24T15:00:00.000Z', timeZones: ['America/New_York'], states: ['FL'] });
  });

  it('--json when never allowed in the next 14 days (opted out): nextAllowedAt is null', async () => {
    const { code, out } = await run('--patient', 'OUT-2', '--channel', 'sms', '--at', tuesdayMorning, '--json');
    expect(code).toBe(0);
    const answer = JSON.parse(out);
    expect(answer.allowed).toBe(false);
    expect(answer.nextAllowedAt).toBeNull();
    expect(answer.reasons.map((r: { code: string }) => r.code)).toContain('opted_out');
    for (const reason of answer.reasons) {
      expect(Object.keys(reason)).toEqual(['code', 'message']);
      expect(reason.message).toMatch(/\S/);
    }
  });

  it("human output explains a block in one line, naming Florida's 20:00 rule and when the touch is next allowed", async () => {
    const { code, out, err } = await run('--patient', 'FL-1', '--channel', 'voice', '--at', tuesday2030);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/^FL-1 · voice · recall_due: Blocked: 20:30 in America\/New_York is after Florida's 20:00 limit \(Fla\. Stat\. [^\n]*\)\. Next allowed: Wed 08:00 EST\.\n$/);
  });

  it('human output explains an allowed answer by the windows and the consent that allow it', async () => {
    const { code, out } = await run('--patient', 'FL-1', '--channel', 'voice', '--at', tuesdayMorning, '--purpose', 'appointment_reminder', '--by', 'staff');
    expect(code).toBe(0);
    expect(out).toBe('FL-1 · voice · appointment_reminder: Allowed: Inside the federal, Florida windows in America/New_York. consent: PEC from intake_form, captured 2026-01-05.\n');
  });

  it('human output for an opted-out patient says it is not allowed at any time in the next 14 days', async () => {
    const { out } = await run('--patient', 'OUT-2', '--channel', 'voice', '--at', tuesdayMorning);
    expect(out).toMatch(/^OUT-2 · voice · recall_due: Blocked: .*opt/i);
    expect(out).toMatch(/Not allowed at any time in the next 14 days under the current records and policy\.\n$/);
  });

  it("--purpose promotion needs written consent, which FL-1 has not given", async () => {
    const { code, out } = await run('--patient', 'FL-1', '--channel', 'sms', '--purpose', 'promotion', '--at', tuesdayMorning, '--json');
    expect(code).toBe(0);
    const answer = JSON.parse(out);
    expect(answer.allowed).toBe(false);
    expect(answer.reasons[0].message).toMatch(/written/i);
  });

  it("finds the patient by Recare's numeric id too", async () => {
    const { code, out } = await run('--patient', String(tampa.patientId), '--channel', 'voice', '--at', tuesday2030);
    expect(code).toBe(0);
    expect(out).toMatch(/^FL-1 · voice · recall_due: Blocked: /);
  });

  it.each([
    [['--channel', 'fax'], 'recare: --channel "fax" is not allowed; use one of voice, voicemail, sms, email, letter\n'],
    [['--channel', 'sms', '--purpose', 'spam'], 'recare: --purpose "spam" is not allowed; use one of appointment_reminder, recall_due, reactivation, treatment_followup, post_op, promotion, billing\n'],
    [['--channel', 'sms', '--by', 'robot'], 'recare: --by "robot" is not allowed; use one of automation, staff\n'],
    [['--channel', 'sms', '--at', 'tomorrow'], 'recare: --at "tomorrow" is not an ISO-8601 instant with an offset; use e.g. 2026-11-24T19:30:00-05:00 or 2026-11-25T00:30:00Z\n'],
    [['--channel', 'sms', '--at', '2026-11-24T19:30'], 'recare: --at "2026-11-24T19:30" is not an ISO-8601 instant with an offset; use e.g. 2026-11-24T19:30:00-05:00 or 2026-11-25T00:30:00Z\n'],
  ])('exit code 2 for %j, naming what was given and what is allowed', async (args, message) => {
    const { code, out, err } = await run('--patient', 'FL-1', ...args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(message);
  });

  it('exit code 2 when --patient or --channel is missing', async () => {
    const { code, err } = await run('--channel', 'sms');
    expect(code).toBe(2);
    expect(err).toContain("required option '--patient <id>' not specified");
  });

  it('exit code 1 for an unknown patient, with a message that says which id forms work', async () => {
    const { code, out, err } = await run('--patient', 'NOPE-9', '--channel', 'sms', '--at', tuesdayMorning);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe('recare: No patient has the id "NOPE-9". Use the practice-management system\'s patient id (e.g. D0000042) or Recare\'s numeric id.\n');
  });
});

describe('the built recare check-contact on a demo clinic', () => {
  const data = createDataDir();
  afterAll(() => data.remove());

  it('answers from a fresh process, the same as the gate in-process (wall time printed, not asserted)', async () => {
    const demo = captureIo({});
    expect(await runCli(['demo', '--patients', '200', '--seed', '7', '--data', data.dir], demo)).toBe(0);

    // 21:30 in Tampa on the demo's (pinned) Tuesday: after the federal 21:00 limit, so blocked whatever the records say.
    const at = '2026-11-25T02:30:00.000Z';
    const expected = await withStore(data.dir, async (store) => {
      // An active Tampa patient with a consented, valid mobile and no opt-out or preference.
      const row = await store.db
        .selectFrom('patients as p')
        .innerJoin('contact_points as cp', (j) => j.onRef('cp.patient_id', '=', 'p.id').on('cp.use', '=', 'mobile').on('cp.is_valid', '=', true))
        .select('p.external_id')
        .where('p.state', '=', 'FL')
        .where('p.status', '=', 'active')
        .where('p.do_not_contact', '=', false)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('opt_outs as o').select('o.id').whereRef('o.patient_id', '=', 'p.id'))))
        .where((eb) => eb.not(eb.exists(eb.selectFrom('communication_preferences as c').select('c.id').whereRef('c.patient_id', '=', 'p.id'))))
        .orderBy('p.id')
        .limit(1)
        .executeTakeFirstOrThrow();
      const result = await checkContact({ store, clock: fixedClock(at) }, { patient: row.external_id, channel: 'voice', purpose: 'recall_due', automated: true, at: new Date(at) });
      return { externalId: row.external_id, decision: result.decision };
    });

    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.RECARE_DATA_DIR;
    const started = performance.now();
    const child = spawn(process.execPath, [bin, 'check-contact', '--patient', expected.externalId, '--channel', 'voice', '--at', at, '--json', '--data', data.dir], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const ms = Math.round(performance.now() - started);
    console.log(`recare check-contact (built CLI, fresh process, 200-patient demo clinic): ${ms} ms wall time`);

    expect(err).toBe('');
    expect(code).toBe(0);
    const answer = JSON.parse(out);
    expect(answer).toEqual({
      allowed: false,
      reasons: expected.decision.reasons.map((r) => ({ code: r.code, message: r.message })),
      nextAllowedAt: expected.decision.nextAllowedAt?.toISOString() ?? null,
      timeZones: expected.decision.timeZones,
      states: expected.decision.states,
    });
    expect(answer.reasons.map((r: { code: string }) => r.code)).toContain('outside_calling_window');
    expect(answer.states).toContain('FL');
    expect(answer.timeZones).toContain('America/New_York');
  });
});
