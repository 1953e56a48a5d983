/** A small history router: the path names the screen; links and code navigate without reloading. */
import { useSyncExternalStore } from 'react';

export type Route =
  | { screen: 'worklist' }
  | { screen: 'patient'; patientId: string }
  | { screen: 'queues'; queue: string | null }
  | { screen: 'imports' }
  | { screen: 'programs' }
  | { screen: 'templates' }
  | { screen: 'settings' }
  | { screen: 'review' }
  | { screen: 'reports' }
  | { screen: 'account' }
  | { screen: 'outbox'; state: string | null }
  | { screen: 'channels' }
  | { screen: 'users' }
  | { screen: 'locations' }
  | { screen: 'not-found'; path: string };

export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (!first) return { screen: 'worklist' };
  if (first === 'patients' && second) return { screen: 'patient', patientId: second };
  if (first === 'queues') return { screen: 'queues', queue: second ?? null };
  if (first === 'outbox') return { screen: 'outbox', state: second ?? null };
  if (first === 'channels') return { screen: 'channels' };
  if (first === 'users') return { screen: 'users' };
  if (first === 'locations') return { screen: 'locations' };
  if (first === 'imports' || first === 'programs' || first === 'templates' || first === 'settings' || first === 'review' || first === 'reports' || first === 'account') return { screen: first };
  return { screen: 'not-found', path };
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function navigate(path: string): void {
  if (path === window.location.pathname + window.location.search) return;
  window.history.pushState(null, '', path);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useRoute(): Route {
  const path = useSyncExternalStore(subscribe, () => window.location.pathname);
  return parseRoute(path);
}

export const patientPath = (patientId: string) => `/patients/${encodeURIComponent(patientId)}`;
