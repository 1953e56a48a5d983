/**
 * The data-directory lock tells a live holder from a dead one: a holder killed but not yet reaped
 * (a zombie) and a pid reused by another process (a different start time) are stale, and the lock
 * is taken over; a live holder with its own start time keeps it. Linux only (/proc).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { lockDataDir, type DataDirLock } from '../../src/db/data-dir-lock.js';
import { isAppError } from '../../src/domain/errors.js';
import { createDataDir } from '../helpers/databases.js';

/** State (field 3) and start time (field 22) of /proc/<pid>/stat, read independently of the code under test. */
function stat(pid: number | 'self'): { state: string; start: string } {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] as string, start: fields[19] as string };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe.skipIf(process.platform !== 'linux')('data directory lock', () => {
  const data = createDataDir();
  const lockFile = join(data.dir, 'recare.lock');
  const children: ChildProcess[] = [];
  let lock: DataDirLock | undefined;
  afterEach(() => {
    lock?.release();
    lock = undefined;
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });
  afterAll(() => data.remove());

  const writeHolder = (holder: { pid: number; processStart?: string }) =>
    writeFileSync(lockFile, JSON.stringify({ command: 'serve', startedAt: '2026-11-24T15:00:00.000Z', ...holder }));
  const lockError = () => {
    try {
      lockDataDir(data.dir, 'demo').release();
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('records the holder\'s process start time in the lock file', () => {
    lock = lockDataDir(data.dir, 'serve');
    const holder = JSON.parse(readFileSync(lockFile, 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, command: 'serve', processStart: stat('self').start });
  });

  it('takes over a lock whose holder was killed but not yet reaped (a zombie)', async () => {
    // The forked child exits at once and its parent never waits for it: a zombie until the parent ends.
    // (Perl, because a shell reaps its background jobs before it would exec a sleeper.)
    const parent = spawn('perl', ['-e', '$| = 1; if (my $child = fork) { print "$child\\n"; sleep 30 } else { exit 0 }'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(parent);
    const zombie = await new Promise<number>((resolve) => parent.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
    await until(() => stat(zombie).state === 'Z', `pid ${zombie} to become a zombie`);
    expect(() => process.kill(zombie, 0)).not.toThrow(); // signal 0 alone would call it alive
    writeHolder({ pid: zombie, processStart: stat(zombie).start });

    lock = lockDataDir(data.dir, 'serve');
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid, command: 'serve' });
  });

  it('takes over a lock naming a live pid with a different start time (the pid was reused), and keeps one with its own', async () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(other);
    const pid = other.pid as number;
    await until(() => stat(pid).state === 'S', `sleep (pid ${pid}) to run`);
    const start = stat(pid).start;

    writeHolder({ pid, processStart: start });
    const refused = lockError();
    expect(isAppError(refused) && refused.code).toBe('data_dir_locked');
    expect((refused as Error).message).toBe(
      `The data directory ${data.dir} is in use by \`recare serve\` (pid ${pid}, since 2026-11-24T15:00:00.000Z). ` +
      'The embedded database allows one process at a time: stop that process first, use the running server, or point this command at another directory with --data.',
    );

    // A lock file from before start times were recorded still protects a live holder.
    writeHolder({ pid });
    const legacy = lockError();
    expect(isAppError(legacy) && legacy.code).toBe('data_dir_locked');

    writeHolder({ pid, processStart: String(Number(start) - 1) });
    lock = lockDataDir(data.dir, 'serve');
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid, command: 'serve' });
  });
});
