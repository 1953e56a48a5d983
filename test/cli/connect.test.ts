/**
 * `recare connect open-dental` and `recare connect status` (issue 19, part 1): keys from flags or from
 * standard input, sealed with RECARE_SECRET_KEY, never printed; without the secret key the command
 * says how to make one; a bad mode says what is allowed. `recare --help` names the command.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIo } from '../helpers/capture-io.js';
import { createDataDir } from '../helpers/databases.js';
import { fixedClock } from '../../src/clock.js';
import { generatePractice, startOpenDentalStandIn } from '../helpers/open-dental-stand-in.js';

const developerKey = 'NFF6i0KrXrxDkZHt';
const customerKey = 'VzkmZEaUWOjnQX2z';

describe('recare connect', () => {
  const data = createDataDir();
  const env = { RECARE_SECRET_KEY: randomBytes(32).toString('base64') };
  const run = async (args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}) => {
    const io = { ...captureIo(options.env ?? env), readStdin: async () => options.stdin ?? '' };
    const code = await runCli([...args, '--data', data.dir], io);
    return { code, out: io.out(), err: io.err() };
  };
  afterAll(() => data.remove());

  it('is listed in recare --help', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out().replace(/\s+/g, ' ')).toContain('connect Connect Recare to the practice system (Open Dental), or show the connection');
  });

  it('says how to make a secret key when RECARE_SECRET_KEY is not set', async () => {
    const result = await run(['connect', 'open-dental', '--mode', 'remote', '--developer-key', developerKey, '--customer-key', customerKey], { env: {} });
    expect(result.code).toBe(2);
    expect(result.err).toBe('recare: RECARE_SECRET_KEY is not set: the Open Dental keys are stored encrypted with it. Generate one with `openssl rand -base64 32`, give it to every recare process (the server and the CLI), and try again.\n');
  });

  it('refuses an unknown mode with what is allowed', async () => {
    const result = await run(['connect', 'open-dental', '--mode', 'cloud', '--developer-key', developerKey, '--customer-key', customerKey]);
    expect(result.code).toBe(2);
    expect(result.err).toBe('recare: The Open Dental connection is not valid: mode "cloud": must be one of service, remote, local (API Service in the office network, Remote through Open Dental\'s servers, Local on the workstation)\n');
  });

  it('connects with the keys from standard input, and never prints them', async () => {
    const result = await run(['connect', 'open-dental', '--mode', 'local', '--keys-stdin'], { stdin: `${developerKey}\n${customerKey}\n` });
    expect(result.code, result.err).toBe(0);
    expect(result.out).toBe('Open Dental connection saved (mode, url, keys, syncEveryMinutes, writeBack changed).\n'
      + 'Open Dental · local · http://localhost:30222/api/v1\n'
      + '  keys entered 2026-11-24T17:00:00.000Z (stored encrypted; never shown)\n'
      + '  sync every 10 min · comm logs on · confirmations on · create appointments off\n');
    const status = await run(['connect', 'status', '--json']);
    expect(status.code, status.err).toBe(0);
    expect(JSON.parse(status.out)).toEqual({ connectors: [{
      kind: 'open_dental', mode: 'local', baseUrl: 'http://localhost:30222/api/v1', keys: { stored: true, changedAt: '2026-11-24T17:00:00.000Z' },
      syncEveryMinutes: 10, writeBack: { commlogs: true, confirmations: true, createAppointments: false }, enabled: true, updatedAt: '2026-11-24T17:00:00.000Z',
    }] });
    for (const text of [result.out, result.err, status.out, status.err]) {
      expect(text).not.toContain(developerKey);
      expect(text).not.toContain(customerKey);
    }
  });

  it('changes settings without the keys, and refuses keys given twice or a bad switch', async () => {
    const change = await run(['connect', 'open-dental', '--mode', 'local', '--sync-every', '30', '--create-appointments', 'on']);
    expect(change.code, change.err).toBe(0);
    expect(change.out).toContain('Open Dental connection saved (syncEveryMinutes, writeBack changed).');
    expect(change.out).toContain('sync every 30 min · comm logs on · confirmations on · create appointments on');
    const twice = await run(['connect', 'open-dental', '--mode', 'local', '--keys-stdin', '--developer-key', developerKey], { stdin: `${developerKey} ${customerKey}` });
    expect(twice.code).toBe(2);
    expect(twice.err).toBe('recare: Give the keys either with --developer-key and --customer-key or with --keys-stdin, not both.\n');
    const oneKey = await run(['connect', 'open-dental', '--mode', 'local', '--keys-stdin'], { stdin: developerKey });
    expect(oneKey.err).toBe('recare: --keys-stdin reads two keys separated by a space or a new line ("DEVELOPER_KEY CUSTOMER_KEY"); 1 was given.\n');
    const badSwitch = await run(['connect', 'open-dental', '--mode', 'local', '--commlogs', 'yes']);
    expect(badSwitch.code).toBe(2);
    expect(badSwitch.err).toBe('recare: --commlogs is "yes"; use on or off.\n');
  });

  it('tests the connection against an Open Dental on loopback: exit 0 and every list read, or exit 1 with the reason', async () => {
    const standIn = await startOpenDentalStandIn({
      clock: fixedClock('2026-11-24T17:00:00Z'), mode: 'service', keys: [{ developerKey, customerKey, permissions: ['Read All'] }],
      practice: generatePractice({ patients: 20, seed: 3, today: '2026-11-24', clinics: 1 }),
    });
    try {
      const connected = await run(['connect', 'open-dental', '--mode', 'service', '--url', standIn.baseUrl, '--developer-key', developerKey, '--customer-key', customerKey]);
      expect(connected.code, connected.err).toBe(0);
      const tested = await run(['connect', 'test']);
      expect(tested.code).toBe(1);
      const lines = tested.out.split('\n');
      expect(lines[0]).toBe(`Open Dental at ${standIn.baseUrl}: not everything works`);
      expect(lines.slice(1, 7)).toEqual(['patients', 'appointments', 'procedurelogs', 'recalls', 'treatplans', 'commlogs'].map((l) => `  read ${l.padEnd(13)} ok`));
      expect(lines[7]).toMatch(/^ {2}write commlogs {5}no: Open Dental refused POST \/commlogs \(403\): the customer key lacks the permission for it/);
      expect(tested.out + tested.err).not.toContain(customerKey);
      expect(standIn.receivedCommlogs).toHaveLength(0);
    } finally {
      await standIn.close();
    }
  });
});
