/** Loading, empty and error states that say what is happening and what to do. */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { errorMessage } from '../api';

export function Loading({ what }: { what: string }) {
  return <p className="status-line" role="status" aria-live="polite"><span className="spinner" aria-hidden="true" /> Loading {what}…</p>;
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>{errorMessage(error)}</p>
      {onRetry && <button type="button" onClick={onRetry}>Try again</button>}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

export type Async<T> = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; value: T };

/** Runs `load` whenever `key` changes; `reload()` runs it again. Stale answers are dropped. */
export function useAsync<T>(load: () => Promise<T>, key: string): [Async<T>, () => void] {
  const [result, setResult] = useState<Async<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  useEffect(() => {
    let current = true;
    setResult((previous) => (previous.state === 'ready' && round > 0 ? previous : { state: 'loading' }));
    load().then(
      (value) => { if (current) setResult({ state: 'ready', value }); },
      (error: unknown) => { if (current) setResult({ state: 'error', error }); },
    );
    return () => { current = false; };
    // `key` names what `load` depends on; `load` itself is a new closure on every render.
  }, [key, round]);
  return [result, reload];
}
