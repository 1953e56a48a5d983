/**
 * "Test connection" against the stand-in Open Dental on loopback: with full permissions every list
 * reads and comm-log writes are allowed, and nothing is created; a key without "Commlogs POST" is told
 * so; wrong keys stop at the first answer with a clear message; a failing server is retried and then
 * reported; without a connection the answer says how to connect. No key in any answer or log line.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { openDentalProbeFactory } from '../../src/connectors/open-dental/connection-probe.js';
import { createSecretBox } from '../../src/connectors/secret-box.js';
import { AppError } from '../../src/domain/errors.js';
import { connectOpenDental } from '../../src/use-cases/practice-system/connect-open-dental.js';
import { testOpenDentalConnection } from '../../src/use-cases/practice-system/test-open-dental.js';
import { openTestStore, type TestStore } from '../helpers/databases.js';
import { generatePractice, startOpenDentalStandIn, type OpenDentalStandIn } from '../helpers/open-dental-stand-in.js';

const clock = fixedClock('2026-12-07T15:00:00Z');
const full = { developerKey: 'devKEY-9f3a71c2', customerKey: 'custKEY-55b0e8d4' };
const readOnly = { developerKey: 'devKEY-9f3a71c2', customerKey: 'custKEY-readonly1', permissions: ['Read All'] };
const allKeys = [full.developerKey, full.customerKey, readOnly.customerKey];

describe('testing the Open Dental connection', () => {
  let t: TestStore;
  let standIn: OpenDentalStandIn;
  const lines: string[] = [];
  const log = pino({ level: 'info' }, new Writable({ write(chunk, _e, cb) { lines.push(chunk.toString()); cb(); } }));
  const secrets = createSecretBox(randomBytes(32));
  const deps = { get store() { return t.store; }, clock, log, secrets, openDental: openDentalProbeFactory({ sleep: async () => undefined, log }) };
  const connect = (keys: { developerKey: string; customerKey: string }) =>
    connectOpenDental(deps, { change: { mode: 'service', url: standIn.baseUrl, developerKey: keys.developerKey, customerKey: keys.customerKey }, actor: { userId: null, kind: 'cli' }, remoteAddress: null });

  beforeAll(async () => {
    t = await openTestStore('pglite');
    standIn = await startOpenDentalStandIn({ clock, keys: [full, readOnly], mode: 'service', practice: generatePractice({ patients: 30, seed: 7, today: '2026-12-07', clinics: 1 }) });
  });
  afterAll(async () => {
    await standIn?.close();
    await t?.dispose();
    for (const line of lines) for (const key of allKeys) expect(line).not.toContain(key);
  });

  it('says how to connect when nothing is connected', async () => {
    const error = await testOpenDentalConnection(deps).catch((e: AppError) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('not_found');
    expect((error as AppError).message).toBe('No Open Dental connection is set up; connect first with `recare connect open-dental` (or PUT /api/connectors/open-dental).');
  });

  it('reads every list and may write comm logs with full permissions, creating nothing', async () => {
    await connect(full);
    const before = standIn.requests.length;
    const result = await testOpenDentalConnection(deps);
    expect(result).toEqual({
      baseUrl: standIn.baseUrl, ok: true, checkedAt: '2026-12-07T15:00:00.000Z',
      reads: ['patients', 'appointments', 'procedurelogs', 'recalls', 'treatplans', 'commlogs'].map((list) => ({ list, ok: true, message: null })),
      writes: [{ what: 'commlogs', ok: true, message: null }],
    });
    expect(standIn.receivedCommlogs).toHaveLength(0);
    expect(standIn.requests.slice(before).map((r) => [r.method, r.path.replace('/api/v1', ''), r.query.get('Limit'), r.status])).toEqual([
      ['GET', '/patients/Simple', '1', 200], ['GET', '/appointments', '1', 200], ['GET', '/procedurelogs', '1', 200],
      ['GET', '/recalls', '1', 200], ['GET', '/treatplans', '1', 200], ['GET', '/commlogs', '1', 200], ['POST', '/commlogs', null, 400],
    ]);
  });

  it('tells a read-only key that it may not write comm logs', async () => {
    await connect(readOnly);
    const result = await testOpenDentalConnection(deps);
    expect(result.ok).toBe(false);
    expect(result.reads.every((r) => r.ok)).toBe(true);
    expect(result.writes).toHaveLength(1);
    expect(result.writes[0]?.ok).toBe(false);
    expect(result.writes[0]?.message).toMatch(/^Open Dental refused POST \/commlogs \(403\): the customer key lacks the permission for it/);
    expect(result.writes[0]?.message).toContain('Commlogs POST');
  });

  it('stops at the first answer when the keys are refused, and says so without the keys', async () => {
    await connect({ developerKey: 'devKEY-9f3a71c2', customerKey: 'custKEY-revoked00' });
    const before = standIn.requests.length;
    const result = await testOpenDentalConnection(deps);
    expect(result.ok).toBe(false);
    expect(result.reads).toHaveLength(1);
    expect(result.reads[0]).toMatchObject({ list: 'patients', ok: false });
    expect(result.reads[0]?.message).toMatch(/401/);
    expect(result.writes).toEqual([]);
    expect(standIn.requests.length - before).toBe(1);
    expect(JSON.stringify(result)).not.toContain('custKEY-revoked00');
  });

  it('retries a failing server once, then reports it', async () => {
    await connect(full);
    standIn.nextAnswers([{ status: 500 }, { status: 500 }]);
    const result = await testOpenDentalConnection(deps);
    expect(result.reads[0]).toMatchObject({ list: 'patients', ok: false });
    expect(result.reads[0]?.message).toMatch(/500/);
    expect(result.reads.slice(1).every((r) => r.ok)).toBe(true);
    expect(result.ok).toBe(false);
  });
});
