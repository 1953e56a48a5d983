/**
 * The timer a job waits on, injectable so that a test fires it by hand instead of sleeping. The
 * system timer never keeps a process alive by itself.
 */
export interface JobTimer {
  /** Calls `run` once after `ms`; the function returned cancels it. */
  after(ms: number, run: () => void): () => void;
}

export const systemTimer: JobTimer = {
  after(ms, run) {
    const handle = setTimeout(run, ms);
    handle.unref();
    return () => clearTimeout(handle);
  },
};
