/**
 * The twelve outcomes, one action each (number keys 1–9, 0, - and = press them), with an optional
 * short note. "Callback requested" asks for a time in the patient's zone, "Scheduled" for the
 * appointment date, "Opted out" for a confirmation. "Declined", "Not ready" and "Opted out" offer a
 * row of reason chips (optional, one choice): 5 then Enter records a decline without a reason, the
 * arrow keys pick one first.
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { BarrierReasonKey } from '../../../../domain/outcomes/barrier-reasons.js';
import { api, errorMessage, type CallView, type OutcomeResult } from '../api';
import { duration } from './CallPanel';
import { fromLocalInput, localDate, serverNow, toLocalInput } from '../time';
import { isTyping } from './WorklistPage';

export const outcomeLabels = [
  'Scheduled', 'Left message', 'No answer', 'Callback requested', 'Declined', 'Wrong number', 'Needs clinical question answered',
  'Needs authorization or insurance review', 'Language support needed', 'Escalated to clinical team', 'Not ready — call later', 'Opted out',
] as const;
const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '='];
/** The outcomes that take a reason (domain/outcomes/barrier-reasons.ts says which, and why). */
const takesReason = new Set(['Declined', 'Not ready — call later', 'Opted out']);
const needsMore = new Set(['Callback requested', 'Scheduled', ...takesReason]);
/** The reasons as the server keeps them (domain/outcomes/barrier-reasons.ts), in its order. */
export const reasonChips: readonly { key: BarrierReasonKey; label: string }[] = [
  { key: 'cost', label: 'Cost' }, { key: 'insurance', label: 'Insurance' }, { key: 'time', label: 'Time (work or schedule)' },
  { key: 'transportation', label: 'Transportation' }, { key: 'anxiety', label: 'Anxiety (fear of the dentist)' },
  { key: 'health', label: 'Health (medical reasons, pregnancy)' }, { key: 'moved', label: 'Moved away' },
  { key: 'other_dentist', label: 'Sees another dentist' }, { key: 'not_interested', label: 'Not interested' }, { key: 'other', label: 'Other' },
];
const maxNote = 500;

export function OutcomePanel({ caseId, zone, armed, onArmedHandled, onRecorded, call = null }: {
  caseId: number; zone: string; armed: string | null; onArmedHandled: () => void; onRecorded: (result: OutcomeResult) => void;
  /** The call this outcome ends (click-to-call): its duration is shown, its suggested outcome pre-selected for the person to confirm. */
  call?: CallView | null;
}) {
  const [note, setNote] = useState('');
  const [pending, setPending] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const formRef = useRef<HTMLDivElement>(null);

  async function record(outcome: string, extra: OutcomeExtra = {}) {
    setBusy(true);
    setError(null);
    try {
      const text = (extra.note ?? note).trim();
      const callId = call && !call.outcomeRecorded && call.voicemailLeftAt === null ? { callId: call.id } : {};
      onRecorded(await api.recordOutcome(caseId, {
        outcome, ...(extra.callbackAt ? { callbackAt: extra.callbackAt } : {}), ...(extra.reason ? { reason: extra.reason } : {}), ...(text ? { note: text } : {}), ...callId,
      }));
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  function start(outcome: string) {
    if (busy) return;
    if (needsMore.has(outcome)) setPending(outcome);
    else void record(outcome);
  }

  useEffect(() => {
    if (armed) {
      start(armed);
      onArmedHandled();
    }
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.metaKey || event.ctrlKey || event.altKey || pending) return;
      const index = keys.indexOf(event.key);
      const label = outcomeLabels[index];
      if (index >= 0 && label) {
        event.preventDefault();
        start(label);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  // A call nobody answered opens with "No answer" selected; the person still confirms it.
  const suggested = call?.suggestedOutcome ?? null;
  useEffect(() => { if (suggested && !call?.outcomeRecorded) setPending(suggested); }, [suggested, call?.outcomeRecorded]);

  useEffect(() => { if (pending) formRef.current?.querySelector<HTMLElement>('input, button')?.focus(); }, [pending]);

  return (
    <section className="card outcome-panel" aria-labelledby="outcome-title">
      <h2 id="outcome-title">Outcome</h2>
      {call && call.durationSeconds !== null && <p className="muted small" data-call-duration>Call lasted {duration(call.durationSeconds)}</p>}
      <label htmlFor="outcome-note">Short note (optional)</label>
      <textarea id="outcome-note" rows={2} maxLength={maxNote} value={note} onChange={(e) => setNote(e.target.value)} placeholder="e.g. prefers mornings" />
      {pending && (
        <div ref={formRef}>
          <OutcomeDetails outcome={pending} zone={zone} busy={busy} onCancel={() => setPending(null)} onSubmit={(extra) => void record(pending, extra)} note={note} />
        </div>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="outcome-buttons" role="group" aria-label="Record an outcome">
        {outcomeLabels.map((label, i) => (
          <button key={label} type="button" disabled={busy} onClick={() => start(label)} className={label === 'Opted out' ? 'danger' : undefined} aria-keyshortcuts={keys[i]}>
            <kbd aria-hidden="true">{keys[i]}</kbd> {label}
          </button>
        ))}
      </div>
    </section>
  );
}

interface OutcomeExtra { callbackAt?: string; note?: string; reason?: BarrierReasonKey }

function OutcomeDetails({ outcome, zone, busy, note, onCancel, onSubmit }: {
  outcome: string; zone: string; busy: boolean; note: string; onCancel: () => void; onSubmit: (extra: OutcomeExtra) => void;
}) {
  const now = serverNow();
  const [callbackLocal, setCallbackLocal] = useState(() => toLocalInput(new Date(Math.ceil((now.getTime() + 3_600_000) / 900_000) * 900_000), zone));
  const [appointmentDate, setAppointmentDate] = useState('');
  const [reason, setReason] = useState<BarrierReasonKey | ''>('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (outcome === 'Callback requested') {
      const iso = fromLocalInput(callbackLocal, zone);
      if (!iso) return setProblem('Pick the date and time the patient asked for.');
      if (Date.parse(iso) < now.getTime()) return setProblem('That time has passed; pick a time later than now.');
      return onSubmit({ callbackAt: iso });
    }
    if (outcome === 'Scheduled') {
      if (!appointmentDate) return setProblem('Enter the appointment date you booked in the practice system.');
      // The API has no appointment field yet: the date travels in the note until the practice-system sync confirms the booking.
      return onSubmit({ note: `Appointment booked for ${appointmentDate}.${note.trim() ? ` ${note.trim()}` : ''}` });
    }
    return onSubmit(reason ? { reason } : {});
  }

  return (
    <form className="outcome-details" onSubmit={submit} aria-label={`${outcome} details`}>
      {outcome === 'Callback requested' && (
        <>
          <label htmlFor="callback-at">Call back at (patient's time, {zone})</label>
          <input id="callback-at" type="datetime-local" required value={callbackLocal} min={toLocalInput(now, zone)} onChange={(e) => setCallbackLocal(e.target.value)} />
        </>
      )}
      {outcome === 'Scheduled' && (
        <>
          <label htmlFor="appointment-date">Appointment date</label>
          <input id="appointment-date" type="date" required value={appointmentDate} min={localDate(now, zone)} onChange={(e) => setAppointmentDate(e.target.value)} />
          <p className="muted small">Book it in the practice system too; the next sync confirms it and closes the covered reasons.</p>
        </>
      )}
      {takesReason.has(outcome) && <ReasonChips value={reason} onChange={setReason} disabled={busy} />}
      {outcome === 'Opted out' && <p><strong>The patient asked not to be contacted.</strong> This stops every call, text and email to them at once, and it cannot be undone: the patient said it.</p>}
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <div className="row-buttons">
        <button type="submit" className={outcome === 'Opted out' ? 'danger' : 'primary'} disabled={busy}>{outcome === 'Opted out' ? 'Confirm opt-out' : `Record ${outcome}`}</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

/**
 * Why the patient is not coming now: one radio per reason, drawn as chips, and "No reason given"
 * first and chosen, so the choice stays optional. One tab stop; the arrow keys move along the row and
 * Enter records, as it does everywhere else in the form.
 */
function ReasonChips({ value, onChange, disabled }: { value: BarrierReasonKey | ''; onChange: (reason: BarrierReasonKey | '') => void; disabled: boolean }) {
  const submitOnEnter = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  };
  const options: { key: BarrierReasonKey | ''; label: string }[] = [{ key: '', label: 'No reason given' }, ...reasonChips];
  return (
    <fieldset className="reason-chips">
      <legend>Reason (optional)</legend>
      {options.map((o) => (
        <label key={o.key || 'none'} className={value === o.key ? 'chip chosen' : 'chip'}>
          <input type="radio" name="outcome-reason" value={o.key} checked={value === o.key} disabled={disabled} onChange={() => onChange(o.key)} onKeyDown={submitOnEnter} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}
