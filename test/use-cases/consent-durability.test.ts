/**
 * "An acknowledged opt-out or consent change must never be lost — not by a process crash, not by a
 * power cut on the embedded database" (issue 4). PGlite does not fsync, so every change is appended
 * to an fsync'd journal before it is applied, and the journal is replayed at every open.
 *
 * A power cut is simulated by restoring pgdata from a copy taken before the change: what PGlite had
 * not synced is gone, the fsync'd journal survived.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { openStore, type Store } from '../../src/db/open-store.js';
import { checkContact } from '../../src/use-cases/check-contact.js';
import { recordConsent } from '../../src/use-cases/record-consent.js';
import { recordOptIn } from '../../src/use-cases/record-opt-in.js';
import { recordOptOut } from '../../src/use-cases/record-opt-out.js';
import { createDataDir, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient, type SeededPatient } from '../helpers/seed-patients.js';

const log = pino({ level: 'silent' });
const dist = join(import.meta.dirname, '../../dist/src');
// Tuesday 2026-11-24 10:00 in New York: inside every calling window.
const morning = new Date('2026-11-24T15:00:00Z');
const plus = (ms: number) => new Date(morning.getTime() + ms);
const deps = (store: Store, at: Date) => ({ store, clock: fixedClock(at), log });

const openPglite = (dataDir: string, migrate = true) => openStore({ kind: 'pglite', dataDir }, { command: 'test', migrate });
const journalPath = (dataDir: string) => join(dataDir, 'consent-journal.ndjson');
const journalLines = (dataDir: string) => readFileSync(journalPath(dataDir), 'utf8').split('\n').filter((l) => l.trim() !== '');

/** Opens, runs `body`, closes: the data directory allows one process (and one open store) at a time. */
async function withStore<T>(dataDir: string, body: (store: Store) => Promise<T>, migrate = true): Promise<T> {
  const store = await openPglite(dataDir, migrate);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

/** Simulates a power cut: PGlite's unsynced files go back to `snapshot`; the journal stays as it is. */
function losePgliteWrites(dataDir: string, snapshot: string): void {
  rmSync(join(dataDir, 'pgdata'), { recursive: true, force: true });
  cpSync(snapshot, join(dataDir, 'pgdata'), { recursive: true });
}

async function seedTampa(store: Store, ids: string[]): Promise<SeededPatient[]> {
  const tpa = await seedLocation(store, 'TPA', 'FL', 'America/New_York');
  const seeded = [];
  for (const [i, externalId] of ids.entries()) {
    seeded.push(await seedPatient(store, { externalId, locationId: tpa, state: 'FL', zip: '33606', mobile: `+1813234${String(5670 + i).padStart(4, '0')}`, home: `+1813555${String(1000 + i).padStart(4, '0')}` }));
  }
  return seeded;
}

const people = ['CRASH-1', 'OUT-1', 'CONSENT-2', 'ORDER-3', 'MULTI-4', 'TORN-1', 'RESET-1', 'RENUM-2', 'YEARS-1'] as const;
type Person = (typeof people)[number];

/**
 * One seeded database for every embedded test: made once (a fresh PGlite cluster is the slow part),
 * then each test copies its pgdata into a data directory of its own. It also serves as the copy
 * "taken before the change" that a power cut rolls PGlite back to.
 */
const template = {
  dir: createDataDir(),
  patients: {} as Record<Person, SeededPatient>,
  get pgdata() {
    return join(this.dir.dir, 'pgdata');
  },
};
const dirs: { remove(): void }[] = [template.dir];
function seededDataDir(): string {
  const data = createDataDir();
  dirs.push(data);
  cpSync(template.pgdata, join(data.dir, 'pgdata'), { recursive: true });
  return data.dir;
}
beforeAll(async () => {
  const seeded = await withStore(template.dir.dir, (store) => seedTampa(store, [...people]));
  people.forEach((person, i) => (template.patients[person] = seeded[i]!));
});
afterAll(() => dirs.forEach((d) => d.remove()));

const activeOptOuts = (store: Store, patientId: number) =>
  store.db.selectFrom('opt_outs').select(['journal_id', 'contact_point_id', 'channel', 'revoked_at', 'revoked_journal_id']).where('patient_id', '=', patientId).orderBy('received_at').execute();

describe('consent durability on the embedded database', () => {
  it('survives a process crash: an opt-out acknowledged by a process killed with SIGKILL right after is there on reopen, and the gate blocks', async () => {
    const dataDir = seededDataDir();
    const patient = template.patients['CRASH-1'];
    // Worker threads inherit the parent's execArgv, and PGlite's worker refuses --input-type, so the
    // script is plain -e (CommonJS) around dynamic imports of the built ESM modules.
    const script = `(async () => {
      const { openStore } = await import(${JSON.stringify(pathToFileURL(join(dist, 'db/open-store.js')).href)});
      const { recordOptOut } = await import(${JSON.stringify(pathToFileURL(join(dist, 'use-cases/record-opt-out.js')).href)});
      const { fixedClock } = await import(${JSON.stringify(pathToFileURL(join(dist, 'clock.js')).href)});
      const { createLog } = await import(${JSON.stringify(pathToFileURL(join(dist, 'log.js')).href)});
      const store = await openStore({ kind: 'pglite', dataDir: ${JSON.stringify(dataDir)} }, { command: 'crash-test' });
      const deps = { store, clock: fixedClock(${JSON.stringify(morning.toISOString())}), log: createLog('silent') };
      const { journalId } = await recordOptOut(deps, { patient: 'CRASH-1', contactPointId: null, channel: null, purposeClass: null, via: 'sms_keyword', evidence: 'replied STOP' });
      process.stdout.write('ACK ' + journalId + '\\n');
      setInterval(() => undefined, 1000);
    })().catch((error) => { console.error(error); process.exit(1); });`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    let journalId: string;
    try {
      journalId = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const ack = /ACK ([0-9a-f-]{36})\n/.exec(out);
          if (ack) {
            // Killed at once, before it can close the store or release anything.
            child.kill('SIGKILL');
            resolve(ack[1]!);
          }
        });
        void exited.then(({ code }) => reject(new Error(`the child exited (code ${code}) without ACK: ${stderr}`)));
      });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });
    // The crashed process left its lock behind; reopening takes it over because that pid is gone.
    expect(existsSync(join(dataDir, 'recare.lock'))).toBe(true);

    await withStore(dataDir, async (store) => {
      const rows = await activeOptOuts(store, patient.patientId);
      expect(rows).toEqual([{ journal_id: journalId, contact_point_id: null, channel: null, revoked_at: null, revoked_journal_id: null }]);
      for (const channel of ['voice', 'sms', 'email'] as const) {
        const result = await checkContact(deps(store, plus(60_000)), { patient: 'CRASH-1', channel, purpose: 'recall_due', automated: false });
        expect(result.decision.allowed, channel).toBe(false);
        expect(result.decision.reasons.map((r) => r.code), channel).toContain('opted_out');
      }
    });
    expect(journalLines(dataDir).map((l) => (JSON.parse(l) as { id: string }).id)).toEqual([journalId]);
  });

  describe('a power cut that loses what PGlite had not synced', () => {
    let dataDir: string;
    const snapshot = template.pgdata;
    const patients: SeededPatient[] = [];
    const ids: Record<string, string> = {};
    let lost: { optOuts: number; consents: number };
    // The store as opened after the cut: the journal replayed once.
    let replayed: Store | undefined;

    beforeAll(async () => {
      dataDir = seededDataDir();
      patients.push(...(['OUT-1', 'CONSENT-2', 'ORDER-3', 'MULTI-4'] as const).map((p) => template.patients[p]));

      await withStore(dataDir, async (store) => {
        // OUT-1 replies STOP: everything, everywhere.
        ids.out1 = (await recordOptOut(deps(store, plus(1_000)), { patient: 'OUT-1', contactPointId: null, channel: null, purposeClass: null, via: 'sms_keyword', evidence: 'STOP' })).journalId;
        // CONSENT-2 signs written consent for marketing texts.
        ids.consent2 = (await recordConsent(deps(store, plus(2_000)), { patient: 'CONSENT-2', contactPointId: patients[1]!.mobileId, channel: 'sms', purposeClass: 'marketing', kind: 'pewc', granted: true, source: 'portal', evidence: 'e-signature' })).journalId;
        // ORDER-3: opts out of texts, opts back in, then opts out again. Only the last one may stand.
        ids.order3a = (await recordOptOut(deps(store, plus(3_000)), { patient: 'ORDER-3', contactPointId: patients[2]!.mobileId, channel: 'sms', purposeClass: null, via: 'sms_keyword' })).journalId;
        ids.order3in = (await recordOptIn(deps(store, plus(4_000)), { patient: 'ORDER-3', contactPointId: patients[2]!.mobileId, via: 'sms_keyword' })).journalId;
        ids.order3b = (await recordOptOut(deps(store, plus(5_000)), { patient: 'ORDER-3', contactPointId: patients[2]!.mobileId, channel: 'sms', purposeClass: null, via: 'staff' })).journalId;
        // MULTI-4: two opt-outs (texts, calls), then one START that lifts both.
        ids.multi4a = (await recordOptOut(deps(store, plus(6_000)), { patient: 'MULTI-4', contactPointId: patients[3]!.mobileId, channel: 'sms', purposeClass: null, via: 'sms_keyword' })).journalId;
        ids.multi4b = (await recordOptOut(deps(store, plus(7_000)), { patient: 'MULTI-4', contactPointId: patients[3]!.mobileId, channel: 'voice', purposeClass: null, via: 'voice' })).journalId;
        ids.multi4in = (await recordOptIn(deps(store, plus(8_000)), { patient: 'MULTI-4', contactPointId: patients[3]!.mobileId, via: 'portal' })).journalId;
      });
      losePgliteWrites(dataDir, snapshot);
      // Opened without migrating, the journal is not replayed: this is what the cut left.
      lost = await withStore(dataDir, async (store) => ({
        optOuts: (await store.db.selectFrom('opt_outs').select('id').execute()).length,
        consents: (await store.db.selectFrom('consents').select('id').where('journal_id', 'is not', null).execute()).length,
      }), false);
      replayed = await openPglite(dataDir);
    });
    afterAll(async () => {
      await replayed?.close();
    });

    it('really loses the changes in the database (the journal keeps all 8)', () => {
      expect(lost).toEqual({ optOuts: 0, consents: 0 });
      expect(journalLines(dataDir)).toHaveLength(8);
    });

    it('replays the opt-out and the consent change exactly once, and the gate answers as it did before the cut', async () => {
      const store = replayed!;
      expect(await activeOptOuts(store, patients[0]!.patientId)).toEqual([{ journal_id: ids.out1, contact_point_id: null, channel: null, revoked_at: null, revoked_journal_id: null }]);
      const blocked = await checkContact(deps(store, plus(60_000)), { patient: 'OUT-1', channel: 'voice', purpose: 'recall_due', automated: false });
      expect(blocked.decision.reasons.map((r) => r.code)).toContain('opted_out');

      const consents = await store.db.selectFrom('consents').select(['journal_id', 'contact_point_id', 'channel', 'purpose_class', 'kind', 'granted']).where('journal_id', 'is not', null).execute();
      expect(consents).toEqual([{ journal_id: ids.consent2, contact_point_id: patients[1]!.mobileId, channel: 'sms', purpose_class: 'marketing', kind: 'pewc', granted: true }]);
      const promotion = await checkContact(deps(store, plus(60_000)), { patient: 'CONSENT-2', channel: 'sms', purpose: 'promotion', automated: true });
      expect(promotion.decision.reasons.map((r) => r.code)).not.toContain('no_consent');
      expect(promotion.decision.reasons.map((r) => r.code)).not.toContain('no_written_consent');
    });

    it('replays opt-out, opt-in, opt-out in order: the first is lifted, the last stands', async () => {
      const store = replayed!;
      const rows = await activeOptOuts(store, patients[2]!.patientId);
      expect(rows.map((r) => [r.journal_id, r.revoked_at === null ? 'active' : 'revoked', r.revoked_journal_id])).toEqual([
        [ids.order3a, 'revoked', ids.order3in],
        [ids.order3b, 'active', null],
      ]);
      const sms = await checkContact(deps(store, plus(60_000)), { patient: 'ORDER-3', channel: 'sms', purpose: 'recall_due', automated: true });
      expect(sms.decision.reasons.map((r) => r.code)).toContain('opted_out');
    });

    it('replays one opt-in that lifts two opt-outs', async () => {
      const store = replayed!;
      const rows = await activeOptOuts(store, patients[3]!.patientId);
      expect(rows.map((r) => [r.journal_id, r.channel, r.revoked_at === null ? 'active' : 'revoked'])).toEqual([
        [ids.multi4a, 'sms', 'revoked'],
        [ids.multi4b, 'voice', 'revoked'],
      ]);
      for (const channel of ['sms', 'voice'] as const) {
        const result = await checkContact(deps(store, plus(60_000)), { patient: 'MULTI-4', channel, purpose: 'recall_due', automated: false });
        expect(result.decision.reasons.map((r) => r.code), channel).not.toContain('opted_out');
      }
    });

    it('replaying again (another open, another cut) still leaves each change exactly once', async () => {
      const state = async (store: Store) => ({
        optOuts: await store.db.selectFrom('opt_outs').select(['journal_id', 'revoked_at', 'revoked_journal_id']).orderBy('journal_id').execute(),
        consents: await store.db.selectFrom('consents').select('journal_id').where('journal_id', 'is not', null).execute(),
      });
      const once = await state(replayed!);
      await replayed!.close();
      replayed = undefined;
      expect(once.optOuts).toHaveLength(5);
      expect(once.consents).toHaveLength(1);
      expect(await withStore(dataDir, state)).toEqual(once);
      losePgliteWrites(dataDir, snapshot);
      expect(await withStore(dataDir, state)).toEqual(once);
      expect(journalLines(dataDir)).toHaveLength(8);
    });
  });

  it('ignores a torn last journal line (a crash mid-append), and the next acknowledged change is not swallowed by it', async () => {
    const dataDir = seededDataDir();
    const snapshot = template.pgdata;
    const patient = template.patients['TORN-1'];
    const first = await withStore(dataDir, async (store) => (await recordOptOut(deps(store, plus(1_000)), { patient: 'TORN-1', contactPointId: patient.mobileId, channel: 'sms', purposeClass: null, via: 'sms_keyword' })).journalId);
    // The next append was cut off mid-line: never fsync'd, never acknowledged.
    appendFileSync(journalPath(dataDir), `{"id":"00000000-0000-4000-8000-000000000000","type":"opt_out","patientId":${patient.patientId},"contactPo`);
    losePgliteWrites(dataDir, snapshot);

    // The store opens; the complete entry before the torn line is replayed; a new change is recorded.
    const second = await withStore(dataDir, async (store) => {
      expect((await activeOptOuts(store, patient.patientId)).map((r) => r.journal_id)).toEqual([first]);
      return (await recordOptOut(deps(store, plus(2_000)), { patient: 'TORN-1', contactPointId: patient.emailId, channel: 'email', purposeClass: null, via: 'email' })).journalId;
    });
    // Another cut: the new change must come back from the journal too.
    losePgliteWrites(dataDir, snapshot);
    await withStore(dataDir, async (store) => {
      const rows = await activeOptOuts(store, patient.patientId);
      expect(rows.map((r) => [r.journal_id, r.channel])).toEqual([
        [first, 'sms'],
        [second, 'email'],
      ]);
    });
    const parsed = journalLines(dataDir).flatMap((l) => {
      try {
        return [(JSON.parse(l) as { id: string }).id];
      } catch {
        return [];
      }
    });
    expect(parsed).toEqual([first, second]);
  });
});

describe('journal entries whose ids now name someone else', () => {
  it('are not replayed onto them: another patient under the same id gets nothing, a changed number gets the opt-out but not the consent', async () => {
    const dataDir = seededDataDir();
    const reset = template.patients['RESET-1'];
    const renumbered = template.patients['RENUM-2'];
    const journaled = await withStore(dataDir, async (store) => {
      const at = deps(store, plus(1_000));
      const journaled = [
        await recordOptOut(at, { patient: 'RESET-1', contactPointId: null, channel: null, purposeClass: null, via: 'sms_keyword' }),
        await recordConsent(at, { patient: 'RESET-1', contactPointId: reset.mobileId, channel: 'sms', purposeClass: 'marketing', kind: 'pewc', granted: true, source: 'portal' }),
        await recordOptOut(at, { patient: 'RENUM-2', contactPointId: renumbered.mobileId, channel: 'sms', purposeClass: null, via: 'sms_keyword' }),
        await recordConsent(at, { patient: 'RENUM-2', contactPointId: renumbered.mobileId, channel: 'sms', purposeClass: 'marketing', kind: 'pewc', granted: true, source: 'portal' }),
      ].map((r) => r.journalId);
      // As after `recare demo --reset` with another seed and a lost write: the rows are gone, and
      // RESET-1's internal id now belongs to someone else; RENUM-2's mobile now holds a new number.
      await store.db.deleteFrom('opt_outs').execute();
      await store.db.deleteFrom('consents').where('journal_id', 'is not', null).execute();
      await store.db.updateTable('patients').set({ external_id: 'OTHER-9' }).where('id', '=', reset.patientId).execute();
      await store.db.updateTable('contact_points').set({ value: '+18139990000' }).where('id', '=', renumbered.mobileId).execute();
      return journaled;
    });
    await withStore(dataDir, async (store) => {
      const optOuts = await store.db.selectFrom('opt_outs').select(['journal_id', 'patient_id']).execute();
      const consents = await store.db.selectFrom('consents').select('journal_id').where('journal_id', 'is not', null).execute();
      expect(optOuts).toEqual([{ journal_id: journaled[2], patient_id: renumbered.patientId }]);
      expect(consents).toEqual([]);
      const other = await checkContact(deps(store, plus(60_000)), { patient: 'OTHER-9', channel: 'sms', purpose: 'recall_due', automated: true });
      expect(other.decision.allowed).toBe(true);
    });
    expect(journalLines(dataDir)).toHaveLength(4);
  });
});

describe('a journal of many years', () => {
  it('still opens when it holds more consent changes than one query can bind (65,535)', async () => {
    const dataDir = seededDataDir();
    const patient = template.patients['YEARS-1'];
    await withStore(dataDir, async (store) => {
      // 70,000 consent changes, already in the database and in the journal (as after years of use).
      const capturedAt = new Date('2026-01-01T00:00:00Z');
      const entries = Array.from({ length: 70_000 }, () => ({ id: randomUUID(), type: 'consent' as const, contactPointId: patient.mobileId, channel: 'sms', purposeClass: 'care', kind: 'pec', granted: true, source: 'portal', capturedAt: capturedAt.toISOString(), evidence: null, recordedBy: null }));
      await store.copy([{ table: 'consents', columns: ['journal_id', 'contact_point_id', 'channel', 'purpose_class', 'kind', 'granted', 'source', 'captured_at'], rows: entries.map((e) => [e.id, e.contactPointId, e.channel, e.purposeClass, e.kind, e.granted, e.source, capturedAt]) }]);
      appendFileSync(journalPath(dataDir), entries.map((e) => JSON.stringify(e) + '\n').join(''));
    });
    const count = await withStore(dataDir, async (store) => {
      const optOut = await recordOptOut(deps(store, plus(1_000)), { patient: 'YEARS-1', contactPointId: null, channel: null, purposeClass: null, via: 'staff' });
      expect(optOut.journalId).toMatch(/^[0-9a-f-]{36}$/);
      const row = await store.db.selectFrom('consents').select((eb) => eb.fn.countAll<number>().as('n')).where('journal_id', 'is not', null).executeTakeFirstOrThrow();
      return Number(row.n);
    });
    expect(count).toBe(70_000);
  });
});

describe('consent changes on PostgreSQL', () => {
  let t: TestStore;
  let patient: SeededPatient;
  beforeAll(async () => {
    t = await openTestStore('postgres');
    [patient] = (await seedTampa(t.store, ['PG-1'])) as [SeededPatient];
  });
  afterAll(async () => {
    await t.dispose();
  });

  // No data directory and no journal: the server fsyncs at commit, which is the durability here.
  it('records an opt-out, a consent and an opt-in that lifts two opt-outs, without a journal', async () => {
    const sms = await recordOptOut(deps(t.store, plus(1_000)), { patient: 'PG-1', contactPointId: patient.mobileId, channel: 'sms', purposeClass: null, via: 'sms_keyword' });
    const voice = await recordOptOut(deps(t.store, plus(2_000)), { patient: 'PG-1', contactPointId: patient.mobileId, channel: 'voice', purposeClass: null, via: 'voice' });
    const blocked = await checkContact(deps(t.store, plus(3_000)), { patient: 'PG-1', channel: 'sms', purpose: 'recall_due', automated: true });
    expect(blocked.decision.reasons.map((r) => r.code)).toContain('opted_out');

    const optIn = await recordOptIn(deps(t.store, plus(4_000)), { patient: 'PG-1', contactPointId: patient.mobileId, via: 'sms_keyword' });
    const rows = await t.store.db.selectFrom('opt_outs').select(['journal_id', 'revoked_at', 'revoked_journal_id']).where('patient_id', '=', patient.patientId).orderBy('received_at').execute();
    expect(rows).toEqual([
      { journal_id: sms.journalId, revoked_at: plus(4_000), revoked_journal_id: optIn.journalId },
      { journal_id: voice.journalId, revoked_at: plus(4_000), revoked_journal_id: optIn.journalId },
    ]);

    const consent = await recordConsent(deps(t.store, plus(5_000)), { patient: 'PG-1', contactPointId: patient.mobileId, channel: 'sms', purposeClass: 'marketing', kind: 'pewc', granted: true, source: 'portal' });
    expect(await t.store.db.selectFrom('consents').select('journal_id').where('journal_id', '=', consent.journalId).execute()).toHaveLength(1);
    const allowed = await checkContact(deps(t.store, plus(60_000)), { patient: 'PG-1', channel: 'sms', purpose: 'promotion', automated: true });
    expect(allowed.decision.allowed).toBe(true);

    // Applying the same change again (what a replay would do) changes nothing.
    await t.store.recordConsentChange({ id: sms.journalId, type: 'opt_out', patientId: patient.patientId, contactPointId: patient.mobileId, channel: 'sms', purposeClass: null, receivedVia: 'sms_keyword', receivedAt: plus(1_000).toISOString(), recordedBy: null, evidence: null });
    expect(await t.store.db.selectFrom('opt_outs').select('id').where('patient_id', '=', patient.patientId).execute()).toHaveLength(2);
  });
});
