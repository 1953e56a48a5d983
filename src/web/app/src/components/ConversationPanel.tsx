/**
 * Two-way texting on the case screen: every text and email to and from the patient, oldest first
 * and newest at the bottom, each outbound one with how far it got (and why it was skipped or failed,
 * or what it waits for), replies highlighted and those that read like an opt-out marked; and a
 * composer to send a template or free text. The gate decides at send time on the server: a refusal
 * comes back as "skipped" with its reason, shown here. Free text that names a procedure, diagnosis or
 * amount comes back with the linter's warnings and a "Send anyway"; a template is never sent past it.
 * Keys: M writes a message, Ctrl+Enter (⌘+Enter) sends. The thread refreshes by itself, so delivery
 * reports and replies appear without reloading.
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { api, ApiError, errorMessage, type ChannelCheck, type Conversation, type ConversationMessage, type MessageChannel, type SentMessage } from '../api';
import { dayAndTime } from '../time';
import { channelLabel, originLabel, StatusBadge, templateName } from './message-status';
import { ErrorNotice, Loading, useAsync } from './status';
import { isTyping } from './WorklistPage';

const refreshMs = 10_000;
const freeText = '';
/** What the server accepts in one message (routes/messaging.ts). */
const maxLength: Record<MessageChannel, number> = { sms: 640, email: 5000 };
const maxSubject = 150;

/** The template a program sends on a channel, as the seeded programs name them (templateKeys; GET /api/programs is for managers only). */
const templatePrefixOf: Record<string, string> = { hygiene: 'hygiene_recall', periodic_exam: 'hygiene_recall' };
const programTemplate = (program: string | null, channel: MessageChannel) => (program ? `${templatePrefixOf[program] ?? program}_${channel}` : null);

export function ConversationPanel({ caseId, open, program, zone, patientName, gate }: {
  caseId: number; open: boolean; program: string | null; zone: string; patientName: string; gate: ChannelCheck[];
}) {
  const [conversation, reload] = useAsync(() => api.conversation(caseId), String(caseId));
  useEffect(() => {
    const timer = window.setInterval(reload, refreshMs);
    return () => window.clearInterval(timer);
  }, [reload]);

  return (
    <section className="card conversation" aria-labelledby="conversation-title" data-testid="conversation">
      <div className="card-title-row">
        <h2 id="conversation-title">Messages</h2>
        <button type="button" className="link-button small" onClick={reload}>Refresh</button>
      </div>
      {conversation.state === 'loading' && <Loading what="the messages" />}
      {conversation.state === 'error' && <ErrorNotice error={conversation.error} onRetry={reload} />}
      {conversation.state === 'ready' && (
        <>
          <Thread messages={conversation.value.messages} zone={zone} patientName={patientName} />
          {open
            ? <Composer caseId={caseId} conversation={conversation.value} program={program} gate={gate} onSent={reload} />
            : <p className="muted small">This case is closed: the thread is kept here to read. Write to the patient from their new case.</p>}
        </>
      )}
    </section>
  );
}

function Thread({ messages, zone, patientName }: { messages: ConversationMessage[]; zone: string; patientName: string }) {
  const box = useRef<HTMLOListElement>(null);
  const newest = messages[messages.length - 1];
  // Newest at the bottom, in view: on opening, and when a message or a report arrives.
  useEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [newest?.id, newest?.delivery, messages.length]);
  if (messages.length === 0) return <p className="muted">No texts or emails yet. Messages Recare sends, and the patient's replies, appear here.</p>;
  return (
    // Focusable so the thread scrolls from the keyboard too.
    <ol className="thread" ref={box} tabIndex={0} aria-label={`Messages with ${patientName}, oldest first`}>
      {messages.map((m) => <Message key={m.id} message={m} zone={zone} patientName={patientName} />)}
    </ol>
  );
}

function Message({ message: m, zone, patientName }: { message: ConversationMessage; zone: string; patientName: string }) {
  const inbound = m.direction === 'in';
  const explained = m.reason && (m.state === 'skipped' || m.state === 'failed' || m.state === 'due' || m.delivery === 'failed' || m.delivery === 'bounced');
  return (
    <li className={`msg ${inbound ? 'msg-in' : 'msg-out'}${m.flagged ? ' msg-flagged' : ''}`} data-message={m.id} data-direction={m.direction}>
      <p className="msg-meta small">
        <strong>{inbound ? `${patientName} replied` : originLabel(m.origin, m.author)}</strong>
        <span className="muted"> · {channelLabel(m.channel)} · <time dateTime={m.at}>{dayAndTime(m.at, zone)}</time></span>
        {!inbound && <> <StatusBadge state={m.state} delivery={m.delivery} /></>}
        {inbound && <> <span className="badge badge-info">Reply</span></>}
        {m.flagged && <> <span className="badge badge-stop">Reads like an opt-out</span></>}
      </p>
      {m.subject && <p className="msg-subject">{m.subject}</p>}
      <p className="msg-text">{m.text}</p>
      {explained && <p className={`msg-reason small${m.state === 'due' ? '' : ' msg-reason-problem'}`}>{withPrefix(m.state === 'due' ? 'Waiting' : m.state === 'skipped' ? 'Skipped' : 'Failed', m.reason ?? '')}</p>}
      {m.flagged && <p className="msg-reason small msg-reason-problem">The patient may be asking to stop. If so, record “Opted out”: it stops every call, text and email.</p>}
    </li>
  );
}

/** "Skipped: …", unless the server's reason already says so ("skipped: appointment booked for 2026-12-09"). */
const withPrefix = (prefix: string, reason: string) => (/^(skipped|failed|waiting)\b/i.test(reason) ? reason.charAt(0).toUpperCase() + reason.slice(1) : `${prefix}: ${reason}`);

type Outcome = { kind: 'sent'; result: SentMessage } | { kind: 'warnings'; warnings: string[] } | { kind: 'error'; message: string; issues: string[] };

function Composer({ caseId, conversation, program, gate, onSent }: {
  caseId: number; conversation: Conversation; program: string | null; gate: ChannelCheck[]; onSent: () => void;
}) {
  const available = (c: MessageChannel) => conversation.templates.filter((t) => t.channel === c);
  // The case's own program's template first, then the general one, then any.
  const preferred = (c: MessageChannel) => {
    const keys = available(c).map((t) => t.key);
    return [programTemplate(program, c), `default_${c}`, keys[0]].find((k) => k && keys.includes(k)) ?? freeText;
  };
  const [channel, setChannel] = useState<MessageChannel>('sms');
  const [templateKey, setTemplateKey] = useState(() => preferred('sms'));
  const [text, setText] = useState('');
  const [subject, setSubject] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const templates = available(channel);
  const isFree = templateKey === freeText;
  const check = gate.find((c) => c.channel === channel);
  const what = channel === 'sms' ? 'text' : 'email';

  const chooseChannel = (next: MessageChannel) => {
    setChannel(next);
    setTemplateKey(preferred(next));
    setOutcome(null);
  };

  // M (outside a text field) starts a message, like / starts a search on the worklist.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'm' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      form.current?.querySelector<HTMLElement>('#message-template')?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  async function send(confirmWarnings: boolean) {
    if (busy) return;
    if (isFree && text.trim() === '') return setOutcome({ kind: 'error', message: `Write the ${what} first, or pick a template.`, issues: [] });
    if (isFree && channel === 'email' && subject.trim() === '') return setOutcome({ kind: 'error', message: 'Give the email a subject.', issues: [] });
    setBusy(true);
    try {
      const result = await api.sendMessage(caseId, {
        channel,
        ...(isFree ? { text: text.trim(), ...(channel === 'email' ? { subject: subject.trim() } : {}) } : { templateKey }),
        ...(confirmWarnings ? { confirmWarnings: true } : {}),
      });
      setOutcome({ kind: 'sent', result });
      if (result.state !== 'skipped') { setText(''); setSubject(''); }
      onSent();
    } catch (e) {
      const issues = e instanceof ApiError ? e.issues.map((i) => i.message) : [];
      // The linter's findings on free text are warnings staff may overrule; on a template they are a refusal.
      const warnable = e instanceof ApiError && e.code === 'invalid_input' && isFree && e.issues.length > 0 && e.issues.every((i) => i.rule);
      setOutcome(warnable ? { kind: 'warnings', warnings: issues } : { kind: 'error', message: errorMessage(e), issues });
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(false);
  }

  function onKeyDown(event: ReactKeyboardEvent) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send(outcome?.kind === 'warnings');
    }
  }

  return (
    <form ref={form} className="composer" onSubmit={submit} onKeyDown={onKeyDown} aria-label="Send a message" noValidate>
      <div className="composer-row">
        <div role="group" aria-label="Channel" className="language-toggle">
          {(['sms', 'email'] as const).map((c) => <button key={c} type="button" aria-pressed={channel === c} onClick={() => chooseChannel(c)}>{channelLabel(c)}</button>)}
        </div>
        <div className="field composer-template">
          <label htmlFor="message-template">Message <span className="muted small">(<kbd>m</kbd>)</span></label>
          <select id="message-template" value={templateKey} aria-keyshortcuts="M" onChange={(e) => { setTemplateKey(e.target.value); setOutcome(null); }}>
            {templates.map((t) => <option key={t.key} value={t.key}>Template: {templateName(t.key)}</option>)}
            <option value={freeText}>Free text…</option>
          </select>
        </div>
      </div>
      {check && !check.allowed && <p className="small notice notice-warning" data-testid="composer-gate">{channelLabel(channel)}s are not allowed right now: {check.explanation} Recare checks again when you send.</p>}
      {isFree && channel === 'email' && (
        <>
          <label htmlFor="message-subject">Subject</label>
          <input id="message-subject" className="wide" value={subject} maxLength={maxSubject} onChange={(e) => { setSubject(e.target.value); if (outcome?.kind !== 'sent') setOutcome(null); }} />
        </>
      )}
      {isFree && (
        <>
          <label htmlFor="message-text">Your {what}</label>
          <textarea id="message-text" rows={3} value={text} maxLength={maxLength[channel]} aria-describedby="message-hint" aria-keyshortcuts="Control+Enter Meta+Enter"
            onChange={(e) => { setText(e.target.value); if (outcome?.kind !== 'sent') setOutcome(null); }}
            placeholder={channel === 'sms' ? 'e.g. Hi, this is the office returning your text. When suits you for a call?' : ''} />
          <p className="muted small" id="message-hint">
            {text.length} of {maxLength[channel]} characters. Keep it short and general: no procedures, diagnoses or amounts in a {what}.
          </p>
        </>
      )}
      {!isFree && <p className="muted small">The template is filled in for this patient, in their language, when it is sent.</p>}
      <Result outcome={outcome} what={what} />
      <div className="row-buttons">
        {outcome?.kind === 'warnings' ? (
          <>
            <button type="button" className="danger" disabled={busy} onClick={() => void send(true)}>Send anyway</button>
            <button type="button" onClick={() => setOutcome(null)}>Edit the {what}</button>
          </>
        ) : (
          <button type="submit" className="primary" disabled={busy} aria-keyshortcuts="Control+Enter Meta+Enter">{busy ? 'Sending…' : `Send ${what}`}</button>
        )}
        <span className="muted small composer-keys"><kbd>Ctrl</kbd>+<kbd>Enter</kbd> sends</span>
      </div>
    </form>
  );
}

function Result({ outcome, what }: { outcome: Outcome | null; what: string }) {
  if (!outcome) return null;
  if (outcome.kind === 'warnings') {
    return (
      <div className="notice notice-warning composer-result" role="alert" data-testid="composer-warnings">
        <div>
          <p><strong>Check this {what} before it goes:</strong></p>
          <ul>{outcome.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
          <p className="small">Texts and emails can be read by anyone holding the phone or inbox. Rewrite it, or send it anyway if the patient asked for these details this way.</p>
        </div>
      </div>
    );
  }
  if (outcome.kind === 'error') {
    return (
      <div className="notice notice-error composer-result" role="alert">
        <div>
          <p>{outcome.message}</p>
          {outcome.issues.length > 0 && <ul>{outcome.issues.map((i) => <li key={i}>{i}</li>)}</ul>}
        </div>
      </div>
    );
  }
  const { result } = outcome;
  if (result.state === 'skipped' || result.state === 'failed') {
    return (
      <p className={`notice ${result.state === 'failed' ? 'notice-error' : 'notice-warning'} composer-result`} role="status" data-testid="composer-result">
        Not sent: {result.reason ?? (result.state === 'failed' ? 'the provider refused it.' : 'the contact rules do not allow it now.')}
      </p>
    );
  }
  return (
    <div className="notice notice-success composer-result" role="status" data-testid="composer-result">
      <div>
        <p>{result.state === 'due' ? `The ${what} is queued${result.reason ? `: ${result.reason}` : ' and goes out shortly'}.` : `The ${what} is on its way.`}</p>
        {result.warnings.length > 0 && <ul>{result.warnings.map((w) => <li key={w}>{w}</li>)}</ul>}
      </div>
    </div>
  );
}
