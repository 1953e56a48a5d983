/**
 * What the patient asked for on their own page (a picked time, proposed days, a call), newest first.
 * A picked time is confirmed in one action: the server re-checks the time and records "Scheduled";
 * a time taken since is answered with the reason. Proposals and calls are answered by phone.
 */
import { useState } from 'react';
import { api, errorMessage, type BookingRequest, type OutcomeResult } from '../api';
import { dayAndTime } from '../time';
import { useAsync } from './status';

export function BookingRequestsPanel({ caseId, zone, onConfirmed }: { caseId: number; zone: string; onConfirmed: (result: OutcomeResult) => void }) {
  const [requests] = useAsync(() => api.bookingRequests(caseId), String(caseId));
  const [busy, setBusy] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (requests.state !== 'ready' || requests.value.requests.length === 0) return null;

  async function confirm(request: BookingRequest) {
    setBusy(request.id);
    setProblem(null);
    try {
      onConfirmed((await api.confirmBookingRequest(request.id)).outcome);
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
        {requests.value.requests.map((r) => (
          <li key={r.id}>
            <strong>{r.label}</strong>
            <span className="muted"> · asked {dayAndTime(r.createdAt, zone)}{r.confirmedAt ? ` · confirmed ${dayAndTime(r.confirmedAt, zone)}` : ''}</span>
            {r.canConfirm && (
              <div><button type="button" className="primary" disabled={busy !== null} onClick={() => void confirm(r)}>{busy === r.id ? 'Confirming…' : 'Confirm booking'}</button></div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
