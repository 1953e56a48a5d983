/**
 * What the patient asked for on their own page (a picked time, proposed days, a call), newest first.
 * A picked time is confirmed in one action: the server re-checks the time and records "Scheduled";
 * a time taken since is answered with the reason. For proposed days or a call, staff agree a time on
 * the phone and book it in one action from the free times offered beside the request.
 */
import { useState } from 'react';
import { api, errorMessage, type BookingRequest, type OutcomeResult } from '../api';
import { dayAndTime } from '../time';
import { useAsync } from './status';

export function BookingRequestsPanel({ caseId, zone, onConfirmed }: { caseId: number; zone: string; onConfirmed: (result: OutcomeResult) => void }) {
  const [requests] = useAsync(() => api.bookingRequests(caseId), String(caseId));
  const [busy, setBusy] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Record<number, string>>({});
  if (requests.state !== 'ready' || requests.value.requests.length === 0) return null;

  async function confirm(request: BookingRequest, startsAt?: string) {
    setBusy(request.id);
    setProblem(null);
    try {
      onConfirmed((await api.confirmBookingRequest(request.id, startsAt)).outcome);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card" aria-labelledby="booking-requests-title" data-testid="booking-requests">
      <h2 id="booking-requests-title">Booking requests</h2>
      {problem && <p className="notice notice-error" role="alert">{problem}</p>}
      <ul>
        {requests.value.requests.map((r) => {
          const pick = chosen[r.id] ?? r.suggestedTimes[0]?.startsAt ?? '';
          return (
            <li key={r.id}>
              <strong>{r.label}</strong>
              <span className="muted"> · asked {dayAndTime(r.createdAt, zone)}{r.confirmedAt ? ` · confirmed ${dayAndTime(r.confirmedAt, zone)}` : ''}</span>
              {r.canConfirm && r.kind === 'time' && (
                <div><button type="button" className="primary" disabled={busy !== null} onClick={() => void confirm(r)}>{busy === r.id ? 'Confirming…' : 'Confirm booking'}</button></div>
              )}
              {r.canConfirm && r.kind !== 'time' && (r.suggestedTimes.length > 0 ? (
                <div className="row">
                  <label>
                    Time agreed with the patient{' '}
                    <select value={pick} onChange={(e) => setChosen({ ...chosen, [r.id]: e.target.value })} data-testid={`suggested-times-${r.id}`}>
                      {r.suggestedTimes.map((t) => <option key={t.startsAt} value={t.startsAt}>{t.label}</option>)}
                    </select>
                  </label>{' '}
                  <button type="button" className="primary" disabled={busy !== null || pick === ''} onClick={() => void confirm(r, pick)}>{busy === r.id ? 'Booking…' : 'Book this time'}</button>
                </div>
              ) : <p className="muted">No free time in the next two weeks matches; agree a time on the phone and book it in the practice system.</p>)}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
