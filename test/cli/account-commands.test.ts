/** `recare users reset-password` and `recare demo --end` on the embedded database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { runCli } from '../../src/cli/run-cli.js';
import { openStore } from '../../src/db/open-store.js';
import { fixedClock } from '../../src/clock.js';
import { signIn } from '../../src/use-cases/sign-in.js';
import { captureIo, pinnedNow } from '../helpers/capture-io.js';
import { createDataDir } from '../helpers/databases.js';

describe('account commands', () => {
  const data = createDataDir();
  beforeAll(async () => {
    const io = captureIo();
    expect(await runCli(['demo', '--patients', '10', '--locations', '1', '--data', data.dir], io)).toBe(0);
  });
  afterAll(() => data.remove());

  it('resets a password: prints a one-time password and its expiry; the old password stops working', async () => {
    const io = captureIo();
    expect(await runCli(['users', 'reset-password', '--email', 'manager@sunrise-dental.demo', '--data', data.dir], io)).toBe(0);
    expect(io.out()).toMatch(/^Reset the password of manager@sunrise-dental\.demo \(user \d+\); 0 sessions ended\.\nOne-time password: ([a-z2-9]{5}-){3}[a-z2-9]{5}\nIt works for one sign-in until \d{4}-\d\d-\d\d \d\d:\d\d UTC\. Give it to the user privately; they choose their own password when they sign in\.\n$/);
    const oneTime = /One-time password: (\S+)/.exec(io.out())![1]!;

    const store = await openStore({ kind: 'pglite', dataDir: data.dir }, { command: 'test' });
    try {
      // The command ran at the pinned instant and stamped the expiry 72 hours after it; sign in an hour later.
      const deps = { store, clock: fixedClock(new Date(Date.parse(pinnedNow) + 3_600_000)), log: pino({ level: 'silent' }) };
      await expect(signIn(deps, { email: 'manager@sunrise-dental.demo', password: 'desert-bloom-reports', remoteAddress: null, userAgent: null })).rejects.toThrow('The email or password is not correct.');
      expect((await signIn(deps, { email: 'manager@sunrise-dental.demo', password: oneTime, remoteAddress: null, userAgent: null })).user.mustChangePassword).toBe(true);
    } finally {
      await store.close();
    }

    const missing = captureIo();
    expect(await runCli(['users', 'reset-password', '--email', 'nobody@clinic.example', '--data', data.dir], missing)).toBe(1);
    expect(missing.err()).toBe('recare: No account has the email "nobody@clinic.example"; `recare users list` lists the accounts.\n');
  });

  it('ends demo mode once, and says what to do about the published demo passwords', async () => {
    const io = captureIo();
    expect(await runCli(['demo', '--end', '--data', data.dir], io)).toBe(0);
    expect(io.out()).toBe('Demo mode ended: the sign-in page no longer lists the demo accounts and the app no longer calls itself a demo.\n'
      + "The demo accounts' published passwords no longer sign in: give an account its own password (`recare users reset-password --email E`) or add your own accounts (`recare users add`).\n");
    const again = captureIo();
    expect(await runCli(['demo', '--end', '--data', data.dir], again)).toBe(0);
    expect(again.out()).toMatch(/^Demo mode was already off\.\n/);
  });

  it('lists the new commands in the help', async () => {
    const users = captureIo();
    await runCli(['users', '--help'], users);
    expect(users.out()).toContain('reset-password');
    const demo = captureIo();
    await runCli(['demo', '--help'], demo);
    expect(demo.out()).toContain('--end');
  });
});
