/**
 * Channels (admins): which provider carries texts and emails, and the environment variables that
 * configure them. Settings are read-only here: they live in the server's environment, and secrets
 * come back only as set or not set (never shown, never logged). "Send a test message" sends through
 * the same outbox and gate as every other message and says what became of it.
 */
import { useState, type FormEvent } from 'react';
import { api, errorMessage, type ChannelSetting, type ChannelsView, type MessageChannel, type TestMessageSent } from '../api';
import { can, useWorkspace } from '../workspace-context';
import { follow } from './AppHeader';
import { channelLabel } from './message-status';
import { EmptyState, ErrorNotice, Loading, useAsync } from './status';

const providerNames: Record<string, string> = { twilio: 'Twilio', smtp: 'SMTP', sandbox: 'Sandbox (nothing leaves this computer)' };

export function ChannelsPage() {
  const { user } = useWorkspace();
  const allowed = can.configureChannels(user);
  const [view, reload] = useAsync(() => (allowed ? api.channels() : Promise.resolve(null)), `channels|${allowed}`);
  if (!allowed) return <EmptyState title="Channels are for administrators"><p>Ask your administrator about the text and email providers.</p></EmptyState>;
  return (
    <section aria-labelledby="channels-title">
      <div className="page-title">
        <h1 id="channels-title">Channels</h1>
        <p className="muted">How texts and emails leave the building. Set a provider's variables and restart Recare to turn sending on for that channel; without them the sandbox records what would be sent.</p>
      </div>
      {view.state === 'loading' && <Loading what="the channels" />}
      {view.state === 'error' && <ErrorNotice error={view.error} onRetry={reload} />}
      {view.state === 'ready' && view.value && <Channels view={view.value} />}
    </section>
  );
}

function Channels({ view }: { view: ChannelsView }) {
  return (
    <>
      {view.demoMode && <p className="notice notice-info">Demo mode: every message goes to the sandbox, whatever is configured, and simulated replies come back a few seconds later.</p>}
      <div className="messaging-grid">
        <ProviderCard channel="sms" provider={view.sms.provider} settings={view.sms.settings} />
        <ProviderCard channel="email" provider={view.email.provider} settings={view.email.settings} />
      </div>
      <section className="card" aria-labelledby="public-url-title">
        <h2 id="public-url-title">Public address</h2>
        {view.publicBaseUrl
          ? <p>Providers call back at <code>{view.publicBaseUrl}</code> (delivery reports, replies, unsubscribe links). Signatures are checked against this address.</p>
          : <p className="notice notice-warning"><span><code>PUBLIC_BASE_URL</code> is not set: providers cannot report deliveries or pass on replies, and emails carry no unsubscribe link. Set it to the https address of this server.</span></p>}
      </section>
      <TestMessageForm />
      <section className="card" aria-labelledby="how-title">
        <h2 id="how-title">Changing a setting</h2>
        <p>Settings are environment variables of the server, so secrets never pass through this page. Set them where Recare runs (the service's environment file, <code>docker run -e</code>, or your host's settings), then restart it. For example:</p>
        <pre className="code-block">{'TWILIO_ACCOUNT_SID=AC…\nTWILIO_AUTH_TOKEN=…\nTWILIO_MESSAGING_SERVICE_SID=MG…   # or TWILIO_FROM_NUMBER=+1…\nSMTP_URL=smtps://user:password@smtp.example.com:465\nEMAIL_FROM=office@example.com\nPUBLIC_BASE_URL=https://recare.example.com'}</pre>
        <p className="muted small">A manager can pause every automated message at once from the <a href="/outbox" onClick={follow('/outbox')}>Outbox</a>.</p>
      </section>
    </>
  );
}

function ProviderCard({ channel, provider, settings }: { channel: MessageChannel; provider: string; settings: ChannelSetting[] }) {
  const id = `provider-${channel}`;
  return (
    <section className="card" aria-labelledby={id} data-testid={id}>
      <div className="card-title-row">
        <h2 id={id}>{channel === 'sms' ? 'Texts' : 'Email'}</h2>
        <span className={`badge ${provider === 'sandbox' ? 'badge-wait' : 'badge-ok'}`}>{providerNames[provider] ?? provider}</span>
      </div>
      <table className="settings-table">
        <thead><tr><th scope="col">Variable</th><th scope="col">Value</th></tr></thead>
        <tbody>
          {settings.map((s) => (
            <tr key={s.name} data-setting={s.name}>
              <td>{s.name}</td>
              <td>{!s.set ? <span className="muted">not set</span> : s.secret ? <span className="badge badge-ok">set (hidden)</span> : <code>{s.value ?? 'set'}</code>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A US number typed as people write it ("(512) 555-0143") → "+15125550143"; anything else goes as typed, for the server to judge. */
function e164(typed: string): string {
  const text = typed.trim();
  const digits = text.replace(/\D/g, '');
  if (text.startsWith('+')) return `+${digits}`;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  return text;
}

function TestMessageForm() {
  const [channel, setChannel] = useState<MessageChannel>('sms');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'sent'; value: TestMessageSent } | { kind: 'error'; message: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (to.trim() === '') return setResult({ kind: 'error', message: channel === 'sms' ? 'Enter the mobile number to text, e.g. (512) 555-0143 or +15125550143.' : 'Enter the email address to write to.' });
    setBusy(true);
    setResult(null);
    try {
      setResult({ kind: 'sent', value: await api.sendTestMessage(channel, channel === 'sms' ? e164(to) : to.trim()) });
    } catch (e) {
      setResult({ kind: 'error', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  const refused = result?.kind === 'sent' && (result.value.state === 'skipped' || result.value.state === 'failed');
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="test-title" noValidate>
      <h2 id="test-title">Send a test message</h2>
      <p className="muted small">Goes through the outbox like any other message (it shows there as a test), to an address you give, never a patient's.</p>
      <div className="form-row">
        <div className="field">
          <label htmlFor="test-channel">Channel</label>
          <select id="test-channel" value={channel} onChange={(e) => { setChannel(e.target.value as MessageChannel); setResult(null); }}>
            <option value="sms">{channelLabel('sms')}</option>
            <option value="email">{channelLabel('email')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="test-to">{channel === 'sms' ? 'Mobile number' : 'Email address'}</label>
          <input id="test-to" type={channel === 'sms' ? 'tel' : 'email'} autoComplete="off" value={to} onChange={(e) => setTo(e.target.value)}
            aria-invalid={result?.kind === 'error' ? true : undefined} aria-describedby={result ? 'test-result' : undefined} />
        </div>
      </div>
      <div className="row-buttons">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Sending…' : 'Send test message'}</button>
      </div>
      {result && (
        <p id="test-result" role={result.kind === 'error' || refused ? 'alert' : 'status'} data-testid="test-result"
          className={`notice ${result.kind === 'error' ? 'notice-error' : refused ? 'notice-warning' : 'notice-success'}`}>
          {result.kind === 'error' ? result.message
            : refused ? `Not sent (${result.value.state}): ${result.value.reason ?? 'no reason given'}.`
            : `Test message ${result.value.outboxId} is ${result.value.state === 'sent' ? 'sent' : 'queued'}${result.value.provider ? ` (${providerNames[result.value.provider] ?? result.value.provider})` : ''}${result.value.reason ? `: ${result.value.reason}` : ''}. Follow it in the Outbox.`}
        </p>
      )}
    </form>
  );
}
