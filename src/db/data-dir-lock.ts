/**
 * PGlite allows one process per data directory. An exclusive lock file (created with O_EXCL) names
 * the holder so a second process fails fast with a message a person can act on. A lock left by a
 * process that no longer runs is stale and is taken over: one that has exited, one killed but not
 * yet reaped (a zombie), and a pid since reused by another process (its start time differs).
 */
import { accessSync, constants, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../domain/errors.js';
import { isSameLiveProcess, processStartTime } from './process-identity.js';

export interface LockHolder {
  pid: number;
  command: string;
  startedAt: string;
  /** The kernel's start time of the holder (Linux), which tells it from a later process given the same pid. */
  processStart?: string;
  /** Where a running server answers, so other commands can go through it instead. */
  url?: string;
}

export interface DataDirLock {
  path: string;
  /** Adds what other processes should know about the holder (the server's URL). */
  advertise(extra: { url: string }): void;
  release(): void;
}

export function lockDataDir(dataDir: string, command: string): DataDirLock {
  ensureWritableDir(dataDir);
  const path = join(dataDir, 'recare.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      const processStart = processStartTime(process.pid);
      const holder: LockHolder = { pid: process.pid, command, startedAt: new Date().toISOString(), ...(processStart ? { processStart } : {}) };
      writeSync(fd, JSON.stringify(holder));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener('exit', release);
        try {
          unlinkSync(path);
        } catch {
          // already gone: nothing to release
        }
      };
      process.once('exit', release);
      const advertise = (extra: { url: string }) => writeFileSync(path, JSON.stringify({ ...holder, ...extra }));
      return { path, advertise, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unusable(dataDir, error);
      const holder = readHolder(path);
      if (holder && holder.pid !== process.pid && isLockHolderAlive(holder)) {
        throw new DataDirLockedError(
          holder,
          `The data directory ${dataDir} is in use by \`recare ${holder.command}\` (pid ${holder.pid}, since ${holder.startedAt}). ` +
            'The embedded database allows one process at a time: stop that process first, use the running server, ' +
            'or point this command at another directory with --data.',
        );
      }
      // Stale lock from a process that is gone, a zombie or a reused pid (or an unreadable half-written lock): take it over.
      try {
        unlinkSync(path);
      } catch {
        // another process removed it first; the next attempt decides
      }
    }
  }
  throw new AppError('data_dir_locked', `Could not lock the data directory ${dataDir}; another process keeps taking it. Try again.`);
}

/** A data_dir_locked error that also carries who holds the lock, so the CLI can go through a running server. */
export class DataDirLockedError extends AppError {
  constructor(readonly holder: LockHolder, message: string) {
    super('data_dir_locked', message);
  }
}

export function readLockHolder(dataDir: string): LockHolder | undefined {
  return readHolder(join(dataDir, 'recare.lock'));
}

/** The holder still runs: not exited, not a zombie awaiting its parent, not a pid reused by another process. */
export function isLockHolderAlive(holder: LockHolder): boolean {
  return isSameLiveProcess(holder.pid, holder.processStart);
}

function readHolder(path: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function ensureWritableDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK | constants.R_OK);
  } catch (error) {
    throw unusable(dataDir, error);
  }
}

function unusable(dataDir: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' ? 'a file is in the way' : code === 'EROFS' ? 'the file system is read-only' : code;
  return new AppError(
    'data_dir_unusable',
    `The data directory ${dataDir} cannot be used (${why}). Choose a directory this user can write with --data DIR or RECARE_DATA_DIR.`,
  );
}
