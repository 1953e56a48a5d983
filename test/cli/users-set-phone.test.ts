/** `recare users set-phone`: the phone click-to-call rings first, kept in E.164; a bad number says what was given and what is expected. */
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { openStore } from '../../src/db/open-store.js';
import { captureIo } from '../helpers/capture-io.js';
import { createDataDir } from '../helpers/databases.js';

describe('recare users set-phone', () => {
  const data = createDataDir();
  afterAll(() => data.remove());

  it('sets, refuses and clears a user\'s phone, and the help lists it', async () => {
    expect(await runCli(['users', 'add', '--email', 'desk@clinic.example', '--role', 'front_desk', '--location', 'all', '--data', data.dir], captureIo())).toBe(0);
    const set = captureIo();
    expect(await runCli(['users', 'set-phone', '--email', 'desk@clinic.example', '--phone', '(813) 234-5699', '--data', data.dir], set)).toBe(0);
    expect(set.out()).toMatch(/^Calls for user \d+ now ring \+18132345699 first\.\n$/);

    const bad = captureIo();
    expect(await runCli(['users', 'set-phone', '--email', 'desk@clinic.example', '--phone', '555-01', '--data', data.dir], bad)).toBe(2);
    expect(bad.err()).toBe('recare: "555-01" is not a valid phone number; give the desk or mobile number to ring, with its country code, e.g. +18135550142.\n');

    const store = await openStore({ kind: 'pglite', dataDir: data.dir }, { command: 'test' });
    try {
      expect((await store.db.selectFrom('users').select('phone').where('email', '=', 'desk@clinic.example').executeTakeFirstOrThrow()).phone).toBe('+18132345699');
    } finally {
      await store.close();
    }
    const cleared = captureIo();
    expect(await runCli(['users', 'set-phone', '--email', 'desk@clinic.example', '--phone', 'none', '--data', data.dir], cleared)).toBe(0);
    expect(cleared.out()).toMatch(/^User \d+ has no phone now; click-to-call is off for them until one is set\.\n$/);

    const help = captureIo();
    await runCli(['users', '--help'], help);
    expect(help.out()).toContain('set-phone');
  });
});
