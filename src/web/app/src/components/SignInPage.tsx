/** Sign-in, with the demo clinic's accounts listed (the server offers them only in demo mode). */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, type DemoCredential, type User } from '../api';

const roleNames: Record<string, string> = { front_desk: 'Front desk', coordinator: 'Coordinator', clinical: 'Clinical', manager: 'Manager', admin: 'Admin' };

export function SignInPage({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<DemoCredential[]>([]);

  useEffect(() => { void api.demoCredentials().then(setDemo); }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.signIn(email.trim(), password, needsCode ? totpCode.trim() : undefined));
    } catch (e) {
      if (e instanceof ApiError && /code|totp|second factor/i.test(e.message)) setNeedsCode(true);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" id="main">
      <form className="card sign-in-form" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title"><span className="brand-mark" aria-hidden="true">R</span> Sign in to Recare</h1>
        <label htmlFor="email">Email</label>
        <input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        <label htmlFor="password">Password</label>
        <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {needsCode && (
          <>
            <label htmlFor="totp">Authenticator code (or a recovery code)</label>
            <input id="totp" inputMode="numeric" autoComplete="one-time-code" value={totpCode} onChange={(e) => setTotpCode(e.target.value)} />
          </>
        )}
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
      {demo.length > 0 && (
        <section className="card demo-accounts" aria-labelledby="demo-title">
          <h2 id="demo-title">Demo clinic accounts</h2>
          <p>This is the demo clinic; these sign-ins are shown only in demo mode. Choose one to fill in the form.</p>
          <ul>
            {demo.map((d) => (
              <li key={d.email}>
                <button type="button" className="link-button" onClick={() => { setEmail(d.email); setPassword(d.password); }}>
                  {roleNames[d.role] ?? d.role} · {d.locations === 'all' ? 'all offices' : d.locations.join(', ')}
                </button>
                <span className="muted"> {d.email} / <code>{d.password}</code></span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
