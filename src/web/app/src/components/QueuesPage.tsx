/** The escalation queues (clinical, insurance, language, manager): each case with its same-day due time, and "resolved". */
import { useState, type FormEvent } from 'react';
import { api, errorMessage, type Queue, type WorklistRow } from '../api';
import { navigate, patientPath } from '../router';
import { dayAndTime, serverNow } from '../time';
import { useWorkspace } from '../workspace-context';
import { follow } from './AppHeader';
import { EmptyState, ErrorNotice, Loading, useAsync } from './status';

const queueNames: Record<Queue, string> = { clinical: 'Clinical', insurance: 'Insurance & authorization', language: 'Language', manager: 'Manager' };

export function QueuesPage({ queue }: { queue: string | null }) {
  const { workspace, location, zoneOf } = useWorkspace();
  const current = workspace.queues.find((q) => q === queue) ?? workspace.queues[0];
  const [list, reload] = useAsync(() => (current ? api.queue(current, { location }) : Promise.resolve(null)), `${current}|${location}`);
  if (!current) return <EmptyState title="No queues are open to your role" />;
  return (
    <section aria-labelledby="queues-title">
      <div className="page-title">
        <h1 id="queues-title">Escalation queues</h1>
        <p className="muted">Answer each case today; resolving hands it back to the front desk to call the patient.</p>
      </div>
      <div className="segment-tabs" role="group" aria-label="Queues">
        {workspace.queues.map((q) => <button key={q} type="button" aria-pressed={q === current} onClick={() => navigate(`/queues/${q}`)} data-queue={q}>{queueNames[q]}</button>)}
      </div>
      {list.state === 'loading' && <Loading what={`the ${queueNames[current]} queue`} />}
      {list.state === 'error' && <ErrorNotice error={list.error} onRetry={reload} />}
      {list.state === 'ready' && list.value && list.value.rows.length === 0 && (
        <EmptyState title={`The ${queueNames[current]} queue is empty`}><p>Nothing is waiting for an answer. Cases arrive here when the front desk records an outcome that needs this team.</p></EmptyState>
      )}
      {list.state === 'ready' && list.value && list.value.rows.length > 0 && (
        <ul className="queue-list" data-testid="queue-list">
          {list.value.rows.map((row) => <QueueItem key={row.caseId} row={row} zone={zoneOf(row.location)} onResolved={reload} />)}
        </ul>
      )}
    </section>
  );
}

function QueueItem({ row, zone, onResolved }: { row: WorklistRow; zone: string; onResolved: () => void }) {
  return (
    <li className="card queue-item" data-patient={row.patientId}>
      <div className="card-title-row">
        <h2><a href={patientPath(row.patientId)} onClick={follow(patientPath(row.patientId))}>{row.patientName}</a> <span className="muted small">{row.patientId}{row.location ? ` · ${row.location}` : ''}</span></h2>
        <span className="muted small">{row.reasons.map((r) => r.programName).join(', ')}</span>
      </div>
      {(row.escalations ?? []).map((e) => {
        const late = Date.parse(e.dueAt) < serverNow().getTime();
        return (
          <div key={e.id} className="escalation">
            <p><strong>{e.reason}</strong> <span className={`badge ${late ? 'badge-stop' : 'badge-wait'}`}>{late ? 'Overdue since' : 'Due'} {dayAndTime(e.dueAt, zone)}</span></p>
            <ResolveForm escalationId={e.id} onResolved={onResolved} />
          </div>
        );
      })}
    </li>
  );
}

function ResolveForm({ escalationId, onResolved }: { escalationId: number; onResolved: () => void }) {
  const [resolution, setResolution] = useState('');
  const [closeCase, setCloseCase] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.resolveEscalation(escalationId, resolution.trim(), closeCase);
      onResolved();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }
  return (
    <form className="resolve-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`resolution-${escalationId}`}>What was decided</label>
      <input id={`resolution-${escalationId}`} required maxLength={500} value={resolution} onChange={(e) => setResolution(e.target.value)} placeholder="e.g. Dr. Lee answered: safe to proceed" />
      <label className="inline"><input type="checkbox" checked={closeCase} onChange={(e) => setCloseCase(e.target.checked)} /> Close the case (no call back needed)</label>
      <button type="submit" className="primary" disabled={busy}>Resolved</button>
      {error && <p className="form-error" role="alert">{error}</p>}
    </form>
  );
}
