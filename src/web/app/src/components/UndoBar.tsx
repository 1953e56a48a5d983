/**
 * The few seconds after an outcome: "Recorded ‘Left message’ for Ana — Undo (10 s)". It stays while
 * power mode opens the next case; Undo (or the U key, or Ctrl+Z outside a text field) asks the
 * server to take the outcome back and reopens that case. The server decides (the person who
 * recorded it, within 10 seconds, never "Opted out", the case unchanged since); its answer is shown.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api';
import { navigate, patientPath } from '../router';
import { useWorkspace } from '../workspace-context';
import { isTyping } from './WorklistPage';

export function UndoBar() {
  const { undoable, setUndoable, setFlash } = useWorkspace();
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setError(null);
    if (!undoable) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [undoable]);

  const remaining = undoable ? Math.max(0, Math.ceil((undoable.deadline - now) / 1000)) : 0;
  useEffect(() => {
    if (undoable && remaining === 0 && !busy && !error) setUndoable(null);
  }, [undoable, remaining, busy, error, setUndoable]);

  const undo = useCallback(async () => {
    if (!undoable || busy) return;
    setBusy(true);
    try {
      await api.undoOutcome(undoable.attemptId);
      setUndoable(null);
      setFlash({ tone: 'success', text: `Undone: ‘${undoable.label}’ for ${undoable.patientName} is taken back; the case is as it was before.` });
      navigate(patientPath(undoable.patientId));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }, [undoable, busy, setUndoable, setFlash]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!undoable || remaining === 0 || isTyping(event.target)) return;
      const plainU = event.key.toLowerCase() === 'u' && !event.ctrlKey && !event.metaKey && !event.altKey;
      const ctrlZ = event.key.toLowerCase() === 'z' && (event.ctrlKey || event.metaKey) && !event.shiftKey;
      if (!plainU && !ctrlZ) return;
      event.preventDefault();
      void undo();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [undoable, remaining, undo]);

  if (!undoable) return null;
  return (
    <div className={`notice ${error ? 'notice-error' : 'notice-info'} undo-bar`} data-testid="undo-bar">
      <div>
        <p role="status" aria-live="polite">Recorded ‘{undoable.label}’ for {undoable.patientName}</p>
        {error && <p role="alert">Not undone: {error}</p>}
      </div>
      {error ? (
        <button type="button" className="link-button" onClick={() => setUndoable(null)}>Dismiss</button>
      ) : (
        <button type="button" className="primary" disabled={busy || remaining === 0} onClick={() => void undo()} aria-keyshortcuts="U Control+Z"
          aria-label={`Undo ‘${undoable.label}’ for ${undoable.patientName}`}>
          Undo <span className="countdown" aria-hidden="true">({remaining} s)</span>
        </button>
      )}
    </div>
  );
}
