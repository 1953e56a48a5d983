/**
 * `recare locations` (issue 14): `list` prints each office's hours per weekday and closures;
 * `set-hours` changes one office's weekdays like the Locations page (validated, audited, planned work
 * moved into the new hours, "now" pinned with --at); bad flags say what was given and what is allowed.
 * `recare --help` names the command. The demo clinic is planned at the pinned now, Tue 2026-11-24 06:30 in Tampa.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIo } from '../helpers/capture-io.js';
import { createDataDir } from '../helpers/databases.js';

const now = '2026-11-24T06:30:00-05:00';

describe('recare locations', () => {
  const data = createDataDir();
  const run = async (...args: string[]) => {
    const io = captureIo({}, now);
    const code = await runCli([...args, '--data', data.dir], io);
    return { code, out: io.out(), err: io.err() };
  };

  beforeAll(async () => {
    const demo = await run('demo', '--patients', '60', '--seed', '3', '--locations', '1');
    expect(demo.code, demo.err).toBe(0);
  });
  afterAll(() => data.remove());

  it('is listed in recare --help', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out().replace(/\s+/g, ' ')).toContain('locations Offices: list their hours and closures, change working hours');
  });

  it('lists each office with its hours per weekday', async () => {
    const list = await run('locations', 'list');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toBe('TPA    Sunrise Dental – Tampa · America/New_York\n'
      + '       Mon 08:00–17:00, Tue 08:00–17:00, Wed 08:00–17:00, Thu 08:00–17:00, Fri 08:00–17:00, Sat closed, Sun closed; closures: none; state holidays observed\n');
  });

  it('set-hours opens Tuesday at 10:00 with a remote team until 21:00 and moves the morning\'s planned work', async () => {
    const set = await run('locations', 'set-hours', 'TPA', '--day', 'tue', '--open', '10:00', '--extended-until', '21:00', '--at', now);
    expect(set.code, set.err).toBe(0);
    expect(set.out).toMatch(/^Saved TPA: Mon 08:00–17:00, Tue 10:00–17:00 \(remote team until 21:00\), Wed 08:00–17:00.*\nMoved \d+ planned cases? into the new hours\.\n$/);
    const again = await run('locations', 'set-hours', 'TPA', '--day', 'tue', '--open', '10:00', '--at', now);
    expect(again.out).toBe('TPA already has these hours; nothing changed.\n');
    const closed = await run('locations', 'set-hours', 'TPA', '--day', 'sat,sun', '--closed');
    expect(closed.out).toContain('nothing changed');
  });

  it('refuses bad input with what was given and what is allowed', async () => {
    const day = await run('locations', 'set-hours', 'TPA', '--day', 'someday', '--open', '09:00');
    expect(day.code).not.toBe(0);
    expect(day.err).toContain('--day "someday" names no weekday; use mon, tue, wed, thu, fri, sat, sun (comma-separated), "weekdays" or "all"');
    const time = await run('locations', 'set-hours', 'TPA', '--day', 'mon', '--close', '07:00');
    expect(time.code).not.toBe(0);
    expect(time.err).toContain('Location change is not valid: hours.week.mon.closesAt "07:00": must be after the opening time 08:00; an office day opens and closes on the same day');
    const office = await run('locations', 'set-hours', 'XYZ', '--day', 'mon', '--open', '09:00');
    expect(office.code).not.toBe(0);
    expect(office.err).toContain('No office has the id "XYZ"; the Locations page (GET /api/locations) lists them.');
  });
});
