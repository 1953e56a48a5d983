/**
 * Weekly review: the last 7 days' cases closed as unreachable or declined, and the cases escalated
 * now, in the user's offices. Coordinators and managers re-queue a case (outreach again now) or close
 * it with a reason; everyone else reads the list.
 */
import { useState } from 'react';
import { api, errorMessage, type ReviewRow } from '../api';
import { patientPath } from '../router';
import { dayAndTime, shortDate } from '../time';
import { can, useWorkspace } from '../workspace-context';
import { follow } from './AppHeader';
import { EmptyState, ErrorNotice, Loading, useAsync } from './status';

const kindLabel: Record<ReviewRow['kind'], string> = { unreachable: 'Unreachable', declined: 'Declined', escalated: 'Escalated' };

export function ReviewPage() {
  const { user, zoneOf, setFlash } = useWorkspace();
  const [review, reload] = useAsync(() => api.weeklyReview(), 'review');
  const mayAct = can.assign(user);
  const zone = zoneOf(null);
  return (
    <section aria-labelledby="review-title">
      <div className="page-title">
        <h1 id="review-title">Weekly review</h1>
        <p className="muted">
          Cases of the last 7 days that closed as unreachable or declined, and cases escalated now.
          {mayAct ? ' Re-queue one to call the patient again now, or close it with a reason.' : ' A coordinator or manager re-queues or closes them.'}
        </p>
      </div>
      {review.state === 'loading' && <Loading what="the weekly review" />}
      {review.state === 'error' && <ErrorNotice error={review.error} onRetry={reload} />}
      {review.state === 'ready' && (
        <>
          <p className="muted small">
            {shortDate(review.value.from, zone)} – {shortDate(review.value.at, zone)} · {review.value.counts.unreachable} unreachable · {review.value.counts.declined} declined · {review.value.counts.escalated} escalated
          </p>
          {review.value.rows.length === 0
            ? <EmptyState title="Nothing to review this week"><p>No case closed as unreachable or declined in the last 7 days, and none is escalated. Check again next week.</p></EmptyState>
            : (
              <table className="worklist review" data-testid="review">
                <caption className="visually-hidden">Cases to review, most recent first</caption>
                <thead>
                  <tr>
                    <th scope="col">Patient</th>
                    <th scope="col">Status</th>
                    <th scope="col">Reasons</th>
                    <th scope="col">Last outcome</th>
                    {mayAct && <th scope="col"><span className="visually-hidden">Actions</span></th>}
                  </tr>
                </thead>
                <tbody>
                  {review.value.rows.map((row) => (
                    <tr key={row.caseId} data-patient={row.patientId}>
                      <td>
                        <a href={patientPath(row.patientId)} onClick={follow(patientPath(row.patientId))} className="patient-link">{row.patientName}</a>
                        <div className="muted small">{row.patientId}{row.location ? ` · ${row.location}` : ''}</div>
                      </td>
                      <td>
                        <span className={`badge ${row.kind === 'escalated' ? 'badge-wait' : 'badge-stop'}`}>{kindLabel[row.kind]}</span>
                        <div className="muted small">{dayAndTime(row.when, zoneOf(row.location))}</div>
                        {row.escalation && <div className="small">{row.escalation.queue} queue: {row.escalation.reason}</div>}
                      </td>
                      <td><ul className="reason-list">{row.reasons.map((r) => <li key={r.program}>{r.programName}<span className="muted small"> · due {r.dueDate}</span></li>)}</ul></td>
                      <td>{row.lastOutcome ? <>{row.lastOutcome.label ?? '—'}<div className="muted small">{dayAndTime(row.lastOutcome.at, zoneOf(row.location))}</div></> : 'no attempt'}</td>
                      {mayAct && <td className="actions"><ReviewActions row={row} onDone={(text) => { setFlash({ tone: 'success', text }); reload(); }} /></td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
        </>
      )}
    </section>
  );
}

function ReviewActions({ row, onDone }: { row: ReviewRow; onDone: (text: string) => void }) {
  const [closing, setClosing] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<unknown>, text: string) => {
    setBusy(true);
    setError(null);
    action().then(() => onDone(text), (e: unknown) => { setError(errorMessage(e)); setBusy(false); });
  };
  const id = `close-reason-${row.caseId}`;
  return (
    <>
      <button type="button" disabled={busy} onClick={() => run(() => api.requeue(row.caseId), `${row.patientName} is back on the worklist, to call now.`)}>Re-queue</button>
      {!closing && <button type="button" disabled={busy} onClick={() => setClosing(true)}>Close…</button>}
      {closing && (
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); run(() => api.closeReviewed(row.caseId, reason), `${row.patientName}'s case is closed.`); }}>
          <label htmlFor={id}>Why close it?</label>
          <input id={id} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required />
          <button type="submit" className="primary" disabled={busy || reason.trim() === ''}>Close case</button>
          <button type="button" onClick={() => setClosing(false)}>Cancel</button>
        </form>
      )}
      {error && <p className="form-error small" role="alert">{error}</p>}
    </>
  );
}
