/** The signed-in user's own account: their password, and two-step sign-in for managers and admins. */
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
      <TwoFactorSection />
    </>
  );
}
