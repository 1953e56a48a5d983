/** After a sign-in with a one-time password: nothing else opens until the user chooses their own. */
import type { User } from '../api';
import { ChangePasswordForm } from './ChangePasswordForm';

export function ForcedPasswordChange({ user, onChanged, onSignOut }: { user: User; onChanged: () => void; onSignOut: () => void }) {
  return (
    <main className="sign-in" id="main">
      <section className="card sign-in-form" aria-labelledby="choose-password-title">
        <h1 id="choose-password-title">Choose your own password</h1>
        <p>You signed in as {user.email} with a one-time password. Choose your own password to continue; the one-time password then stops working.</p>
        <ChangePasswordForm oneTime onChanged={onChanged} />
        <p><button type="button" className="link-button" onClick={onSignOut}>Sign out</button></p>
      </section>
    </main>
  );
}
