/**
 * Whether a manager has paused automated messages, shared by the banner every page shows and the
 * Outbox's switch: the switch's answer shows in the banner at once, and every open page asks the
 * server again now and then (and when the tab comes back into view), so a pause set elsewhere shows
 * within a minute.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { api, type MessagingPause } from './api';

const refreshMs = 30_000;

let current: MessagingPause | null = null;
const listeners = new Set<() => void>();

export function notePause(pause: MessagingPause): void {
  current = pause;
  listeners.forEach((l) => l());
}

/** Asks the server; keeps what is known when it cannot answer (the banner is a notice, not a gate). */
export async function refreshPause(): Promise<void> {
  try {
    notePause(await api.messagingPause());
  } catch {
    // The next round asks again.
  }
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The pause as last known; `seed` (the workspace's flag) until the server has answered. One caller (the banner) polls. */
export function useMessagingPause(seed: boolean, poll = false): MessagingPause {
  const pause = useSyncExternalStore(subscribe, () => current);
  useEffect(() => {
    if (!poll) return;
    void refreshPause();
    const timer = window.setInterval(() => void refreshPause(), refreshMs);
    const onVisible = () => { if (document.visibilityState === 'visible') void refreshPause(); };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [poll]);
  return pause ?? { paused: seed, changedAt: null, changedBy: null, reason: null };
}
