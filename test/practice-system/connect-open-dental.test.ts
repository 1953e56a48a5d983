/**
 * Connecting Open Dental (issue 19, part 1), on both backends: the connection is checked (every problem
 * named with what was given and what is allowed, keys never echoed), the keys are stored sealed — the
 * database holds neither key in any column — and are never shown back; a later change may leave them
 * out; without RECARE_SECRET_KEY no key is stored; audit entries and log lines carry no key.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { createSecretBox } from '../../src/connectors/secret-box.js';
import { AppError } from '../../src/domain/errors.js';
import { connectOpenDental, keyPurposes } from '../../src/use-cases/practice-system/connect-open-dental.js';
import { readConnectors } from '../../src/use-cases/practice-system/read-connectors.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';

const developerKey = 'NFF6i0KrXrxDkZHt';
const customerKey = 'VzkmZEaUWOjnQX2z';
const now = '2026-12-07T15:00:00.000Z';

describe.each(backends)('connecting Open Dental on %s', (backend) => {
  let t: TestStore;
  const lines: string[] = [];
  const log = pino({ level: 'info' }, new Writable({ write(chunk, _e, cb) { lines.push(chunk.toString()); cb(); } }));
  const secrets = createSecretBox(randomBytes(32));
  const deps = (at = now) => ({ store: t.store, clock: fixedClock(at), log, secrets });
  const actor = { userId: null, kind: 'cli' as const };
  const refusal = async (change: unknown, withSecrets = true): Promise<AppError> => {
    try {
      await connectOpenDental({ ...deps(), secrets: withSecrets ? secrets : null }, { change, actor, remoteAddress: null });
    } catch (error) {
      return error as AppError;
    }
    throw new Error('expected a refusal');
  };

  beforeAll(async () => {
    t = await openTestStore(backend);
  });
  afterAll(async () => t?.dispose());

  it('refuses a connection without a secret key, storing nothing', async () => {
    const error = await refusal({ mode: 'remote', developerKey, customerKey }, false);
    expect(error.code).toBe('invalid_config');
    expect(error.message).toBe('RECARE_SECRET_KEY is not set: the Open Dental keys are stored encrypted with it. Generate one with `openssl rand -base64 32`, give it to every recare process (the server and the CLI), and try again.');
    expect(await readConnectors(deps())).toEqual([]);
  });

  it('names every problem with what was given and what is allowed, never echoing a key', async () => {
    const error = await refusal({ mode: 'cloud', url: 'ftp://od.local', developerKey: 'short', customerKey: `${customerKey} `, syncEveryMinutes: 0, colour: 'red' });
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('The Open Dental connection is not valid: '
      + 'colour: is not a connection setting; allowed: mode, url, developerKey, customerKey, syncEveryMinutes, writeBack; '
      + 'mode "cloud": must be one of service, remote, local (API Service in the office network, Remote through Open Dental\'s servers, Local on the workstation); '
      + 'url "ftp://od.local": must be an http(s) address without a user, password, query or fragment, like https://api.opendental.com/api/v1; '
      + 'developerKey "(hidden, 5 characters)": must be the key as Open Dental issued it: 8 to 128 letters and digits (no spaces); '
      + 'customerKey "(hidden, 17 characters)": must be the key as Open Dental issued it: 8 to 128 letters and digits (no spaces); '
      + 'syncEveryMinutes 0: must be a whole number of minutes from 1 to 1440');
    expect(error.message).not.toContain(customerKey);
    const service = await refusal({ mode: 'service', developerKey, customerKey });
    expect(service.message).toBe('The Open Dental connection is not valid: url: is required in service mode: the API Service\'s address in the office network, like http://192.168.1.20:30223/api/v1');
    const oneKey = await refusal({ mode: 'remote', developerKey });
    expect(oneKey.message).toBe('The Open Dental connection is not valid: customerKey: is missing: give both keys together (the other one was given)');
    expect(await readConnectors(deps())).toEqual([]);
  });

  it('stores the keys sealed, shows everything but the keys, and audits without them', async () => {
    const { connector, changed } = await connectOpenDental(deps(), { change: { mode: 'remote', developerKey, customerKey }, actor, remoteAddress: null });
    expect(changed).toEqual(['mode', 'url', 'keys', 'syncEveryMinutes', 'writeBack']);
    expect(connector).toEqual({
      kind: 'open_dental', mode: 'remote', baseUrl: 'https://api.opendental.com/api/v1', keys: { stored: true, changedAt: now },
      syncEveryMinutes: 10, writeBack: { commlogs: true, confirmations: true, createAppointments: false }, enabled: true, updatedAt: now,
    });
    const row = await t.store.db.selectFrom('practice_connectors').selectAll().executeTakeFirstOrThrow();
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(developerKey);
    expect(stored).not.toContain(customerKey);
    expect(secrets.open(row.developer_key_sealed, keyPurposes.developer)).toBe(developerKey);
    expect(secrets.open(row.customer_key_sealed, keyPurposes.customer)).toBe(customerKey);
    const audit = await t.store.db.selectFrom('audit_events').select(['action', 'entity_type', 'details']).where('entity_type', '=', 'connector').execute();
    expect(audit).toEqual([{ action: 'connector.create', entity_type: 'connector', details: { fields: ['mode', 'url', 'keys', 'syncEveryMinutes', 'writeBack'] } }]);
    expect(lines.some((l) => l.includes('connector saved'))).toBe(true);
    for (const line of lines) {
      expect(line).not.toContain(developerKey);
      expect(line).not.toContain(customerKey);
    }
  });

  it('changes the mode and settings without the keys, keeping the stored ones', async () => {
    const before = await t.store.db.selectFrom('practice_connectors').select(['developer_key_sealed', 'customer_key_sealed']).executeTakeFirstOrThrow();
    const later = '2026-12-08T15:00:00.000Z';
    const { connector, changed } = await connectOpenDental(deps(later), {
      change: { mode: 'service', url: 'http://192.168.1.20:30223/api/v1/', syncEveryMinutes: 5, writeBack: { createAppointments: true } }, actor, remoteAddress: null,
    });
    expect(changed).toEqual(['mode', 'url', 'syncEveryMinutes', 'writeBack']);
    expect(connector).toMatchObject({ mode: 'service', baseUrl: 'http://192.168.1.20:30223/api/v1', keys: { changedAt: now }, syncEveryMinutes: 5, writeBack: { commlogs: true, confirmations: true, createAppointments: true }, updatedAt: later });
    const after = await t.store.db.selectFrom('practice_connectors').select(['developer_key_sealed', 'customer_key_sealed']).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect(Number((await t.store.db.selectFrom('practice_connectors').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(1);
  });
});
