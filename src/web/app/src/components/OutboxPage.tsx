/**
 * The Outbox (managers): what automated messaging is doing. The pause switch for every automated
 * text and email; each entry by state with counts (due and queued with when and why, sent with the
 * provider's delivery report, failed and skipped with the reason and a retry); texts from numbers that
 * match no patient; and the letter print batches to download and mark as mailed.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, type LetterBatches, type OutboxEntry, type OutboxFilter, type OutboxView } from '../api';
import { notePause, refreshPause, useMessagingPause } from '../messaging-pause';
import { navigate, patientPath } from '../router';
import { dayAndTime } from '../time';
import { can, useWorkspace } from '../workspace-context';
import { follow } from './AppHeader';
import { formatPhone } from './ContactPoints';
import { channelLabel, originLabel, StatusBadge } from './message-status';
import { EmptyState, ErrorNotice, Loading, useAsync } from './status';

const refreshMs = 15_000;
const filters: { key: OutboxFilter; label: string }[] = [
  { key: 'all', label: 'All' }, { key: 'due', label: 'Due' }, { key: 'sending', label: 'Sending' }, { key: 'sent', label: 'Sent' },
  { key: 'failed', label: 'Failed' }, { key: 'skipped', label: 'Skipped' },
];
const emptyText: Record<OutboxFilter, string> = {
  due: 'Nothing is waiting to go out. Automated steps become due here as cases reach them.',
  claimed: 'Nothing is being handed off right now.',
  sending: 'Nothing is being handed to a provider right now.',
  sent: 'Nothing has been sent yet.',
  failed: 'No failures. Messages a provider refuses appear here with the reason and a retry.',
  skipped: 'Nothing was skipped. A booking, an opt-out or the contact rules stop a message before it goes; each appears here with why.',
  all: 'The outbox is empty.',
};

export function OutboxPage({ state }: { state: string | null }) {
  const { user, workspace } = useWorkspace();
  const allowed = can.manageMessaging(user);
  const filter = filters.find((f) => f.key === state)?.key ?? 'all';
  const [view, reload] = useAsync(() => (allowed ? api.outbox(filter) : Promise.resolve(null)), `outbox|${filter}|${allowed}`);
  useEffect(() => {
    if (!allowed) return;
    const timer = window.setInterval(reload, refreshMs);
    return () => window.clearInterval(timer);
  }, [allowed, reload]);
  const pause = useMessagingPause(workspace.messagingPaused ?? false);
  const listedPaused = view.state === 'ready' ? view.value?.paused : undefined;
  // The list's own answer is newer than the banner's last look: bring the banner up to date.
  useEffect(() => { if (listedPaused !== undefined && listedPaused !== pause.paused) void refreshPause(); }, [listedPaused, pause.paused]);

  if (!allowed) return <EmptyState title="The Outbox is for managers"><p>Ask a practice manager about automated texts, emails and letters.</p></EmptyState>;
  return (
    <section aria-labelledby="outbox-title">
      <div className="page-title">
        <h1 id="outbox-title">Outbox</h1>
        <p className="muted">Every automated text, email and letter: what is due, what went, and what did not and why. Each one passed the contact rules at the moment it was handed off.</p>
      </div>
      <PauseSwitch />
      <div className="segment-tabs" role="group" aria-label="Show">
        {filters.map((f) => {
          const n = view.state === 'ready' && view.value ? countOf(view.value, f.key) : null;
          return (
            <button key={f.key} type="button" aria-pressed={f.key === filter} data-outbox-state={f.key} onClick={() => navigate(f.key === 'all' ? '/outbox' : `/outbox/${f.key}`)}>
              {f.label}{n !== null && <span className="count" aria-label={`, ${n} messages`}>{n}</span>}
            </button>
          );
        })}
        <button type="button" className="link-button" onClick={reload}>Refresh</button>
      </div>
      {view.state === 'loading' && <Loading what="the outbox" />}
      {view.state === 'error' && <ErrorNotice error={view.error} onRetry={reload} />}
      {view.state === 'ready' && view.value && (view.value.entries.length === 0
        ? <EmptyState title={`No ${filter === 'all' ? '' : `${filters.find((f) => f.key === filter)?.label.toLowerCase()} `}messages`}><p>{emptyText[filter]}</p></EmptyState>
        : <OutboxTable entries={view.value.entries} onRetried={reload} />)}
      <div className="messaging-grid">
        <UnmatchedReplies />
        <LetterBatchesCard />
      </div>
    </section>
  );
}

const countOf = (view: OutboxView, filter: OutboxFilter): number =>
  filter === 'all' ? Object.values(view.counts).reduce((a, b) => a + b, 0) : view.counts[filter] ?? 0;

function PauseSwitch() {
  const { workspace, zoneOf } = useWorkspace();
  const pause = useMessagingPause(workspace.messagingPaused ?? false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function toggle(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      notePause(await api.setMessagingPause(!pause.paused, reason.trim() || undefined));
      setReason('');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={`card pause-card${pause.paused ? ' paused' : ''}`} onSubmit={(e) => void toggle(e)} aria-labelledby="pause-title" data-testid="pause-switch">
      <div>
        <h2 id="pause-title">Automated messages: {pause.paused ? 'paused' : 'on'}</h2>
        <p className="small">
          {pause.paused
            ? <>Nothing automated goes out{pause.changedBy ? `; paused by ${pause.changedBy}` : ''}{pause.changedAt ? ` at ${dayAndTime(pause.changedAt, zoneOf(null))}` : ''}{pause.reason ? ` (“${pause.reason}”)` : ''}. Due messages wait and are checked again when you resume.</>
            : <>Due texts and emails go out as their time comes. Pausing stops them all within seconds, for every office, until a manager resumes.</>}
        </p>
        {error && <p className="form-error" role="alert">{error}</p>}
      </div>
      <div className="pause-form">
        <div className="field">
          <label htmlFor="pause-reason">Reason (optional; kept in the audit log)</label>
          <input id="pause-reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} placeholder={pause.paused ? 'e.g. phones fixed' : 'e.g. new office number'} />
        </div>
        <button type="submit" role="switch" aria-checked={pause.paused} className="switch" disabled={busy}>
          <span className="track" aria-hidden="true" /> Pause all automated messages
        </button>
      </div>
    </form>
  );
}

function OutboxTable({ entries, onRetried }: { entries: OutboxEntry[]; onRetried: () => void }) {
  const { zoneOf } = useWorkspace();
  const zone = zoneOf(null);
  return (
    <div className="table-scroll">
      <table className="outbox-table" data-testid="outbox">
        <thead>
          <tr><th scope="col">When</th><th scope="col">Message</th><th scope="col">Patient</th><th scope="col">State</th><th scope="col">Why</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
        </thead>
        <tbody>
          {entries.map((e) => <OutboxRow key={e.id} entry={e} zone={zone} onRetried={onRetried} />)}
        </tbody>
      </table>
    </div>
  );
}

function OutboxRow({ entry: e, zone, onRetried }: { entry: OutboxEntry; zone: string; onRetried: () => void }) {
  const [retry, setRetry] = useState<{ kind: 'idle' | 'busy' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const when = whenOf(e);
  async function retryNow() {
    setRetry({ kind: 'busy' });
    try {
      await api.retryOutbox(e.id);
      setRetry({ kind: 'idle' });
      onRetried();
    } catch (error) {
      setRetry({ kind: 'error', message: errorMessage(error) });
    }
  }
  return (
    <tr data-outbox={e.id} data-state={e.state}>
      <td>{when ? <><span className="muted small">{when.label}</span><br /><time dateTime={when.at}>{dayAndTime(when.at, zone)}</time></> : <span className="muted">—</span>}</td>
      <td>
        {channelLabel(e.channel)} · {originLabel(e.origin, null)}{e.provider ? <span className="muted small"> · {e.provider}</span> : null}<br />
        <span className="key muted">{e.key}</span>
      </td>
      <td>{e.patientId ? <a href={patientPath(e.patientId)} onClick={follow(patientPath(e.patientId))}>{e.patientId}</a> : <span className="muted">—</span>}</td>
      <td><StatusBadge state={e.state} delivery={e.delivery} />{e.tries > 1 && <div className="muted small">{e.tries} tries</div>}</td>
      <td className="reason">{e.reason ?? (e.state === 'due' ? 'Waiting for its time' : '')}{e.errorCode && <span className="muted small"> (code {e.errorCode})</span>}</td>
      <td>
        {(e.state === 'failed' || e.state === 'skipped') && (
          <button type="button" disabled={retry.kind === 'busy'} onClick={() => void retryNow()} aria-label={`Retry ${e.key} for ${e.patientId ?? 'this entry'}`}>Retry</button>
        )}
        {retry.kind === 'error' && <p className="form-error small" role="alert">{retry.message}</p>}
      </td>
    </tr>
  );
}

function whenOf(e: OutboxEntry): { label: string; at: string } | null {
  if (e.sentAt) return { label: 'Sent', at: e.sentAt };
  // A due entry that was tried already (a provider asked to wait) goes again at its next try.
  if (e.state === 'due' && e.nextTryAt && e.nextTryAt !== e.dueAt) return { label: 'Next try', at: e.nextTryAt };
  if (e.dueAt) return { label: e.state === 'due' ? 'Due' : 'Was due', at: e.dueAt };
  return null;
}

function UnmatchedReplies() {
  const { zoneOf } = useWorkspace();
  const [list, reload] = useAsync(() => api.unmatchedReplies(), 'unmatched');
  return (
    <section className="card" aria-labelledby="unmatched-title" data-testid="unmatched">
      <div className="card-title-row">
        <h2 id="unmatched-title">Texts from unknown numbers</h2>
        <button type="button" className="link-button small" onClick={reload}>Refresh</button>
      </div>
      {list.state === 'loading' && <Loading what="unmatched texts" />}
      {list.state === 'error' && <ErrorNotice error={list.error} onRetry={reload} />}
      {list.state === 'ready' && (list.value.messages.length === 0
        ? <p className="muted">None. A text from a number that matches no patient lands here for someone to look up.</p>
        : (
          <ul className="unmatched-list">
            {list.value.messages.map((m) => (
              <li key={m.id}>
                <p><strong>{formatPhone(m.from)}</strong> <span className="muted small">· <time dateTime={m.at}>{dayAndTime(m.at, zoneOf(null))}</time></span></p>
                <p className="msg-text">{m.text}</p>
                {m.intent === 'opt_out' && <p className="small"><span className="badge">Opted out</span> No text or automated call goes to this number, for any patient who has it now or later, until it texts START.</p>}
              </li>
            ))}
          </ul>
        ))}
      <p className="muted small">Find the patient by the number (worklist search), and add the number to their record in the practice system.</p>
    </section>
  );
}

function LetterBatchesCard() {
  const { zoneOf } = useWorkspace();
  const [letters, reload] = useAsync(() => api.letters(), 'letters');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function act(run: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await run();
      reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  const unavailable = letters.state === 'error' && letters.error instanceof ApiError && letters.error.status === 404;
  return (
    <section className="card" aria-labelledby="letters-title" data-testid="letters">
      <h2 id="letters-title">Letters to print</h2>
      {letters.state === 'loading' && <Loading what="letter batches" />}
      {unavailable && <p className="muted">Letter printing is not available on this server yet.</p>}
      {letters.state === 'error' && !unavailable && <ErrorNotice error={letters.error} onRetry={reload} />}
      {letters.state === 'ready' && <Batches letters={letters.value} zone={zoneOf(null)} busy={busy} act={act} />}
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}

function Batches({ letters, zone, busy, act }: { letters: LetterBatches; zone: string; busy: boolean; act: (run: () => Promise<unknown>) => Promise<void> }) {
  return (
    <>
      <div className="card-title-row">
        <p>{letters.pending === 0 ? 'No letters waiting.' : `${letters.pending} ${letters.pending === 1 ? 'letter is' : 'letters are'} waiting to print.`}</p>
        <button type="button" className="primary" disabled={busy || letters.pending === 0} onClick={() => void act(() => api.createLetterBatch())}>Make a print batch</button>
      </div>
      {letters.batches.length > 0 && (
        <div className="table-scroll">
          <table>
            <thead><tr><th scope="col">Batch</th><th scope="col">Letters</th><th scope="col">Download</th><th scope="col">Mailed</th></tr></thead>
            <tbody>
              {letters.batches.map((b) => (
                <tr key={b.id} data-batch={b.id}>
                  <td><time dateTime={b.createdAt}>{dayAndTime(b.createdAt, zone)}</time></td>
                  <td>{b.letterCount}</td>
                  <td>
                    <a href={api.letterBatchUrl(b.id, 'letters')} download>Letters (PDF)</a><br />
                    <a href={api.letterBatchUrl(b.id, 'labels')} download>Labels, Avery 5160 (PDF)</a>
                  </td>
                  <td>{b.mailedAt
                    ? <time dateTime={b.mailedAt}>{dayAndTime(b.mailedAt, zone)}</time>
                    : <button type="button" disabled={busy} onClick={() => void act(() => api.markLettersMailed(b.id))} aria-label={`Mark as mailed: the batch of ${dayAndTime(b.createdAt, zone)}`}>Mark as mailed</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
