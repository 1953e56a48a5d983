/**
 * Calling the patient from the case screen (issue 18). With a voice provider: Call (key c) rings the
 * staff member's own phone and bridges the patient; the panel follows the call (ringing, answered,
 * ended with its duration) and offers the voicemail drop (key v) while the patient's leg is answered.
 * When the gate blocks the call the button is disabled with the reason and the next allowed time.
 * Without a provider (or in the demo clinic) the number is a tel: link and the outcome is recorded by hand.
 */
import { useEffect, useState } from 'react';
import { api, errorMessage, type CallView, type CaseVoice, type OutcomeResult } from '../api';
import { dayAndTime } from '../time';
import { formatPhone } from './ContactPoints';
import { isTyping } from './WorklistPage';

const live = new Set(['creating', 'queued', 'ringing', 'in-progress']);

export function duration(seconds: number | null): string {
  if (seconds === null) return '';
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function describe(call: CallView): string {
  switch (call.state) {
    case 'creating':
    case 'queued': return 'Ringing your phone…';
    case 'ringing': return 'Ringing the patient…';
    case 'in-progress': return 'Answered';
    case 'completed': return `Call ended after ${duration(call.durationSeconds)}`;
    case 'no-answer': return 'No answer';
    case 'busy': return 'Busy';
    case 'canceled': return `Not connected${call.failure ? `: ${call.failure}` : ''}`;
    default: return `Call failed${call.failure ? `: ${call.failure}` : ''}`;
  }
}

/**
 * `powerMode`: the case was opened by power mode (or may be). Its call still never starts by itself: a
 * person must be at the phone, so the panel offers Next (key n), which starts it, beside Call.
 */
export function CallPanel({ caseId, zone, powerMode = false, onCall, onVoicemail }: {
  caseId: number; zone: string; powerMode?: boolean; onCall: (call: CallView | null) => void; onVoicemail: (result: OutcomeResult) => void;
}) {
  const [voice, setVoice] = useState<CaseVoice | null>(null);
  const [call, setCall] = useState<CallView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stop = false;
    api.caseVoice(caseId).then((v) => { if (!stop) { setVoice(v); if (v.liveCall) setCall(v.liveCall); } }, (e: unknown) => { if (!stop) setError(errorMessage(e)); });
    return () => { stop = true; };
  }, [caseId]);

  useEffect(() => onCall(call), [call, onCall]);

  // Follow the call until it ends: the provider's callbacks move it on the server.
  useEffect(() => {
    if (!call || !live.has(call.state)) return undefined;
    const timer = setTimeout(() => { api.readCall(call.id).then(setCall, (e: unknown) => setError(errorMessage(e))); }, 1000);
    return () => clearTimeout(timer);
  }, [call]);

  const canCall = voice?.mode === 'provider' && voice.allowed && voice.staffPhoneSet && !busy && (!call || !live.has(call.state));
  const canDrop = call?.state === 'in-progress' && call.voicemailLeftAt === null && !busy;

  async function start() {
    if (!canCall) return;
    setBusy(true);
    setError(null);
    try {
      const placed = await api.placeCall(caseId);
      setCall(await api.readCall(placed.callId));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function drop() {
    if (!canDrop || !call) return;
    setBusy(true);
    setError(null);
    try {
      onVoicemail(await api.dropVoicemail(call.id));
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.metaKey || event.ctrlKey || event.altKey) return;
      if ((event.key === 'c' || (event.key === 'n' && powerMode)) && canCall) { event.preventDefault(); void start(); }
      if (event.key === 'v' && canDrop) { event.preventDefault(); void drop(); }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  if (!voice) return error ? <p className="form-error" role="alert">{error}</p> : null;
  return (
    <section className="card call-panel" aria-labelledby="call-title">
      <h2 id="call-title">Call</h2>
      {voice.mode === 'tel' ? (
        <p>{voice.telNumber ? <a className="button" href={`tel:${voice.telNumber}`}>Dial {formatPhone(voice.telNumber)}</a> : 'No number the gate allows calling.'} Record the outcome below when you hang up.</p>
      ) : (
        <>
          <div className="row-buttons">
            {powerMode && !call && (
              <button type="button" className="primary" disabled={!canCall} onClick={() => void start()} aria-keyshortcuts="n"><kbd aria-hidden="true">n</kbd> Next: call</button>
            )}
            <button type="button" className={powerMode && !call ? undefined : 'primary'} disabled={!canCall} onClick={() => void start()} aria-keyshortcuts="c"><kbd aria-hidden="true">c</kbd> Call</button>
            {call && live.has(call.state) && (
              <button type="button" disabled={!canDrop} onClick={() => void drop()} aria-keyshortcuts="v"><kbd aria-hidden="true">v</kbd> Leave voicemail</button>
            )}
          </div>
          {!voice.allowed && <p className="small" role="note">Not now: {voice.reasons.join(' ')}{voice.nextAllowedAt ? ` Next allowed ${dayAndTime(voice.nextAllowedAt, zone)}.` : ''}</p>}
          {voice.allowed && !voice.staffPhoneSet && <p className="small" role="note">Set your own phone on your Account page: Recare rings it first, then the patient.</p>}
          {call && <p className="call-state" role="status" data-call-state={call.state}>{describe(call)}{call.voicemailLeftAt ? ' · voicemail left' : ''}</p>}
        </>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}
