/**
 * Two-step sign-in (managers and admins): set up with an authenticator app (QR code or typed key),
 * after the current password, confirmed by its first code; ten recovery codes shown once; turned off with
 * the password and a code.
 */
import { useState, type FormEvent } from 'react';
import { api, errorMessage, type TwoFactorEnrolment } from '../api';
import { ErrorNotice, Loading, useAsync } from './status';

export function TwoFactorSection() {
  const [status, reload] = useAsync(() => api.twoFactorStatus(), 'two-factor');
  const [enrolment, setEnrolment] = useState<TwoFactorEnrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (status.state === 'loading') return <Loading what="two-step sign-in" />;
  if (status.state === 'error') return <ErrorNotice error={status.error} onRetry={reload} />;
  if (!status.value.available) return null;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const start = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      setEnrolment(await api.startTwoFactor(password));
      setPassword('');
    });
  };
  const confirm = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const result = await api.confirmTwoFactor(code.trim());
      setEnrolment(null);
      setCode('');
      setRecoveryCodes(result.recoveryCodes);
    });
  };
  const remove = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api.removeTwoFactor(password, code.trim());
      setPassword('');
      setCode('');
      reload();
    });
  };

  return (
    <section className="card" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">Two-step sign-in</h2>
      {recoveryCodes ? (
        <div data-testid="recovery-codes">
          <p><strong>Two-step sign-in is on.</strong> These recovery codes each sign you in once if you lose your authenticator. Store them somewhere safe now: they are shown only this once.</p>
          <ol className="recovery-codes">{recoveryCodes.map((c) => <li key={c}><code>{c}</code></li>)}</ol>
          <button type="button" onClick={() => { setRecoveryCodes(null); reload(); }}>I have stored them</button>
        </div>
      ) : status.value.enabled ? (
        <form className="password-form" onSubmit={remove}>
          <p>Two-step sign-in is on: signing in asks for a code from your authenticator app. {status.value.recoveryCodesLeft} recovery code{status.value.recoveryCodesLeft === 1 ? '' : 's'} left.</p>
          <label htmlFor="remove-password">Current password</label>
          <input id="remove-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          <label htmlFor="remove-code">Code from the app (or a recovery code)</label>
          <input id="remove-code" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} />
          <button type="submit" disabled={busy}>Turn off two-step sign-in</button>
        </form>
      ) : enrolment ? (
        <form className="password-form" onSubmit={confirm}>
          <p>Scan this code with an authenticator app (for example Google Authenticator, Microsoft Authenticator or 1Password), then type the 6-digit code it shows.</p>
          <img className="totp-qr" src={enrolment.qrCode} alt="QR code to add Recare to your authenticator app" width={200} height={200} />
          <p>Cannot scan? Type this key into the app: <code data-testid="totp-secret">{enrolment.secret}</code></p>
          <label htmlFor="enrol-code">Code from the app</label>
          <input id="enrol-code" inputMode="numeric" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} />
          <button type="submit" className="primary" disabled={busy}>Turn on two-step sign-in</button>
        </form>
      ) : (
        <form className="password-form" onSubmit={start}>
          <p>Two-step sign-in is off. With it on, signing in also asks for a code from an app on your phone, so a stolen password alone is not enough.</p>
          <label htmlFor="enrol-password">Current password</label>
          <input id="enrol-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          <button type="submit" disabled={busy}>Set up two-step sign-in</button>
        </form>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  );
}
