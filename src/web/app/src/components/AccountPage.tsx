/** The signed-in user's own account: the phone click-to-call rings, their password, and two-step sign-in for managers and admins. */
import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { useWorkspace } from '../workspace-context';
import { ChangePasswordForm } from './ChangePasswordForm';
import { TwoFactorSection } from './TwoFactorSection';

export function AccountPage() {
  const { user, setFlash } = useWorkspace();
  return (
    <>
      <div className="page-title"><h1>Your account</h1><span className="muted">{user.email} · {user.role.replace('_', ' ')}</span></div>
      <section className="card account-password" aria-labelledby="password-title">
        <h2 id="password-title">Change your password</h2>
        <ChangePasswordForm
          oneTime={false}
          onChanged={(ended) => setFlash({ tone: 'success', text: `Password changed.${ended ? ` ${ended} session${ended === 1 ? '' : 's'} on other devices ended.` : ''}` })}
        />
      </section>
      <OwnPhone onSaved={(phone) => setFlash({ tone: 'success', text: phone ? `Calls now ring ${phone} first.` : 'Your phone is cleared; Call is off until you set one.' })} />
      <TwoFactorSection />
    </>
  );
}

/** The desk or mobile number Recare rings first when you press Call (then it bridges the patient). */
function OwnPhone({ onSaved }: { onSaved: (phone: string | null) => void }) {
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const saved = await api.setOwnPhone(phone.trim() === '' ? null : phone);
      onSaved(saved.phone);
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <section className="card" aria-labelledby="phone-title">
      <h2 id="phone-title">Your phone for calls</h2>
      <form onSubmit={(e) => void save(e)}>
        <label htmlFor="own-phone">Desk or mobile number (Call rings it first; empty clears it)</label>
        <input id="own-phone" type="tel" autoComplete="tel" value={phone} onChange={(e) => setPhone(e.target.value)} placeholder="+18135550142" />
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit">Save phone</button>
      </form>
    </section>
  );
}
