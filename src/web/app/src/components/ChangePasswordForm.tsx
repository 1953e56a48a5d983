/** The password change: the current (or one-time) password, then a new one typed twice; the server's rules answer by field. */
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../api';

type Field = 'currentPassword' | 'newPassword';

export function ChangePasswordForm({ oneTime, onChanged }: { oneTime: boolean; onChanged: (otherSessionsEnded: number) => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [problems, setProblems] = useState<Partial<Record<Field | 'again', string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (next !== again) return setProblems({ again: 'The two new passwords differ; type the same password twice.' });
    setProblems({});
    setBusy(true);
    try {
      const result = await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setAgain('');
      onChanged(result.otherSessionsEnded);
    } catch (e) {
      if (e instanceof ApiError && e.issues.length) {
        const byField: Partial<Record<Field, string>> = {};
        for (const issue of e.issues) if (issue.path === 'currentPassword' || issue.path === 'newPassword') byField[issue.path] = [byField[issue.path], issue.message].filter(Boolean).join('. ');
        setProblems(byField);
      } else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const described = (field: Field | 'again') => (problems[field] ? { 'aria-invalid': true, 'aria-describedby': `${field}-problem` } : {});
  return (
    <form className="password-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor="currentPassword">{oneTime ? 'One-time password' : 'Current password'}</label>
      <input id="currentPassword" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} {...described('currentPassword')} />
      {problems.currentPassword && <p className="form-error" id="currentPassword-problem">{problems.currentPassword}</p>}
      <label htmlFor="newPassword">New password</label>
      <input id="newPassword" type="password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} aria-describedby="newPassword-hint" {...described('newPassword')} />
      <p className="muted small" id="newPassword-hint">At least 15 characters; a few unrelated words work well. No other rules, but common passwords are refused.</p>
      {problems.newPassword && <p className="form-error" id="newPassword-problem">{problems.newPassword}</p>}
      <label htmlFor="newPasswordAgain">New password again</label>
      <input id="newPasswordAgain" type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)} {...described('again')} />
      {problems.again && <p className="form-error" id="again-problem">{problems.again}</p>}
      {error && <p className="form-error" role="alert">{error}</p>}
      <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Change password'}</button>
    </form>
  );
}
