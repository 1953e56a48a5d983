/**
 * Whether the process a lock file names is still the one that wrote it. A pid alone is not enough:
 * right after kill -9 the dead holder lingers as a zombie until its parent reaps it (signal 0 still
 * reaches it), and later the kernel may hand its pid to an unrelated process. On Linux,
 * /proc/<pid>/stat gives the state (Z = zombie, X = dead) and the start time (field 22, clock ticks
 * since boot), which together identify one process; elsewhere signal 0 is the best there is.
 */
import { readFileSync } from 'node:fs';

interface ProcessStat {
  state: string;
  startTime: string;
}

/** The process's start time as the kernel records it, or undefined where /proc does not say. */
export function processStartTime(pid: number): string | undefined {
  return readStat(pid)?.startTime;
}

/** Alive, not a zombie, and (when `startTime` is known) the same process that had that start time. */
export function isSameLiveProcess(pid: number, startTime: string | undefined): boolean {
  const stat = readStat(pid);
  if (stat === undefined) return answersSignal(pid);
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return startTime === undefined || stat.startTime === startTime;
}

function readStat(pid: number): ProcessStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2 is the command name in parentheses and may itself hold spaces or ')'; count from the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTime = fields[19];
  return state && startTime ? { state, startTime } : undefined;
}

function answersSignal(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
