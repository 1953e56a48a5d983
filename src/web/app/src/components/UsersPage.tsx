/**
 * Users (administrators change; managers look): every staff account with its role, offices, whether
 * it is active and when it last signed in. An administrator adds an account (a one-time password is
 * shown once, to hand over privately), changes its role and offices, deactivates it (its sessions end
 * at once) or reactivates it, resets its password (a new one-time password, shown once), and sets the
 * phone click-to-call rings first (for staff who cannot open their own Account page, e.g. a shared desk).
 */
import { useState, type FormEvent } from 'react';
import { api, errorMessage, type Office, type OfficeChoice, type StaffAccount } from '../api';
import { dayAndTime } from '../time';
import { can, useWorkspace } from '../workspace-context';
import { EmptyState, ErrorNotice, Loading, useAsync } from './status';

const roleLabels: Record<string, string> = { front_desk: 'Front desk', coordinator: 'Coordinator', clinical: 'Clinical', manager: 'Manager', admin: 'Administrator' };
const roleOptions = Object.keys(roleLabels);

/** What an action gave the administrator to hand over: shown once, gone when dismissed or replaced. */
interface OneTimePassword { email: string; password: string; expiresAt: string; what: 'added' | 'reset' }

export function UsersPage() {
  const { user } = useWorkspace();
  const allowed = can.viewUsers(user);
  const manage = can.manageUsers(user);
  const [list, reload] = useAsync(() => (allowed ? api.users() : Promise.resolve(null)), `users|${allowed}`);
  const [secret, setSecret] = useState<OneTimePassword | null>(null);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  if (!allowed) return <EmptyState title="Users are for managers and administrators"><p>Ask your administrator to change an account.</p></EmptyState>;
  const done = (text: string) => { setNotice({ tone: 'success', text }); reload(); };
  const failed = (error: unknown) => setNotice({ tone: 'error', text: errorMessage(error) });
  return (
    <section aria-labelledby="users-title">
      <div className="page-title">
        <h1 id="users-title">Users</h1>
        <p className="muted">{manage ? 'Who can sign in, what they may do, and which offices they work.' : 'Who can sign in and which offices they work. Only an administrator changes accounts.'}</p>
      </div>
      {secret && <OneTimePasswordNotice secret={secret} onDismiss={() => setSecret(null)} />}
      {notice && <p className={`notice notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="users-notice">{notice.text}</p>}
      {manage && <AddUserForm onAdded={(s) => { setNotice(null); setSecret(s); reload(); }} />}
      {list.state === 'loading' && <Loading what="the users" />}
      {list.state === 'error' && <ErrorNotice error={list.error} onRetry={reload} />}
      {list.state === 'ready' && list.value && (
        <UsersTable users={list.value.users} manage={manage} selfId={user.id}
          onDone={(text) => { setSecret(null); done(text); }} onFailed={failed}
          onReset={(s) => { setNotice(null); setSecret(s); reload(); }} />
      )}
    </section>
  );
}

function OneTimePasswordNotice({ secret, onDismiss }: { secret: OneTimePassword; onDismiss: () => void }) {
  const { workspace } = useWorkspace();
  const zone = workspace.locations[0]?.timeZone ?? 'UTC';
  return (
    <div className="notice notice-success one-time-password" role="status" data-testid="one-time-password">
      <p>
        {secret.what === 'added' ? `Added ${secret.email}.` : `Reset the password of ${secret.email}; their sessions ended.`}{' '}
        One-time password: <code data-testid="one-time-password-value">{secret.password}</code>
      </p>
      <p className="small">It is shown only now. Give it to them privately; it works for one sign-in until {dayAndTime(secret.expiresAt, zone)}, and they choose their own password then.</p>
      <button type="button" className="link-button" onClick={onDismiss}>I have handed it over; hide it</button>
    </div>
  );
}

/** Offices as checkboxes, with "All offices" for a group's central team. */
function OfficePicker({ idPrefix, value, onChange }: { idPrefix: string; value: OfficeChoice; onChange: (next: OfficeChoice) => void }) {
  const { workspace } = useWorkspace();
  const offices: Office[] = workspace.locations;
  const all = value === 'all';
  const picked = all ? [] : value;
  return (
    <fieldset className="office-picker">
      <legend>Offices</legend>
      <div className="field-check">
        <input id={`${idPrefix}-all`} type="checkbox" checked={all} onChange={(e) => onChange(e.target.checked ? 'all' : [])} />
        <label htmlFor={`${idPrefix}-all`}>All offices</label>
      </div>
      {offices.map((o) => (
        <div className="field-check" key={o.id}>
          <input id={`${idPrefix}-${o.id}`} type="checkbox" disabled={all} checked={all || picked.includes(o.id)}
            onChange={(e) => onChange(e.target.checked ? [...picked, o.id] : picked.filter((p) => p !== o.id))} />
          <label htmlFor={`${idPrefix}-${o.id}`}>{o.name} ({o.id})</label>
        </div>
      ))}
    </fieldset>
  );
}

function RoleSelect({ id, value, onChange }: { id: string; value: string; onChange: (role: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>Role</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {roleOptions.map((r) => <option key={r} value={r}>{roleLabels[r]}</option>)}
      </select>
    </div>
  );
}

function AddUserForm({ onAdded }: { onAdded: (secret: OneTimePassword) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('front_desk');
  const [offices, setOffices] = useState<OfficeChoice>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const added = await api.addUser({ email, role, locations: offices, ...(name.trim() ? { displayName: name.trim() } : {}) });
      onAdded({ email: email.trim().toLowerCase(), password: added.oneTimePassword ?? '', expiresAt: added.oneTimePasswordExpiresAt ?? '', what: 'added' });
      setEmail('');
      setName('');
      setOffices([]);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="add-user-title" noValidate>
      <h2 id="add-user-title">Add a user</h2>
      <div className="form-row">
        <div className="field">
          <label htmlFor="new-user-email">Email</label>
          <input id="new-user-email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? 'add-user-error' : undefined} />
        </div>
        <div className="field">
          <label htmlFor="new-user-name">Name (optional)</label>
          <input id="new-user-name" type="text" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <RoleSelect id="new-user-role" value={role} onChange={setRole} />
      </div>
      <OfficePicker idPrefix="new-user-office" value={offices} onChange={setOffices} />
      <div className="row-buttons">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Adding…' : 'Add user'}</button>
      </div>
      {error && <p id="add-user-error" className="notice notice-error" role="alert">{error}</p>}
    </form>
  );
}

function UsersTable({ users, manage, selfId, onDone, onFailed, onReset }: {
  users: StaffAccount[]; manage: boolean; selfId: number;
  onDone: (text: string) => void; onFailed: (error: unknown) => void; onReset: (secret: OneTimePassword) => void;
}) {
  const { workspace } = useWorkspace();
  const zone = workspace.locations[0]?.timeZone ?? 'UTC';
  const [editing, setEditing] = useState<number | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const act = async (id: number, action: () => Promise<void>) => {
    setBusy(id);
    try {
      await action();
    } catch (e) {
      onFailed(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="table-scroll">
      <table className="users-table">
        <caption className="visually-hidden">Staff accounts</caption>
        <thead>
          <tr>
            <th scope="col">User</th><th scope="col">Role</th><th scope="col">Offices</th><th scope="col">Status</th><th scope="col">Last sign-in</th>
            {manage && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <UserRow key={u.id} u={u} zone={zone} manage={manage} self={u.id === selfId} busy={busy === u.id} editing={editing === u.id}
              onEdit={() => setEditing(editing === u.id ? null : u.id)}
              onSave={(change) => act(u.id, async () => { await api.changeUserAccess(u.id, change); setEditing(null); onDone(`Saved the role and offices of ${u.email}.`); })}
              onPhone={(phone) => act(u.id, async () => {
                const saved = await api.setUserPhone(u.id, phone.trim() === '' ? null : phone);
                setEditing(null);
                onDone(saved.phone ? `Calls for ${u.email} now ring ${saved.phone}.` : `Removed the phone of ${u.email}; Recare cannot place their calls until one is set.`);
              })}
              onActive={(active) => act(u.id, async () => {
                const result = await api.setUserActive(u.id, active);
                onDone(active ? `Reactivated ${u.email}.` : `Deactivated ${u.email}; ${result.sessionsEnded} session${result.sessionsEnded === 1 ? '' : 's'} ended.`);
              })}
              onReset={() => act(u.id, async () => {
                const reset = await api.resetPassword(u.email);
                onReset({ email: reset.email, password: reset.oneTimePassword, expiresAt: reset.expiresAt, what: 'reset' });
              })} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UserRow({ u, zone, manage, self, busy, editing, onEdit, onSave, onPhone, onActive, onReset }: {
  u: StaffAccount; zone: string; manage: boolean; self: boolean; busy: boolean; editing: boolean;
  onEdit: () => void; onSave: (change: { role: string; locations: OfficeChoice }) => void; onPhone: (phone: string) => void; onActive: (active: boolean) => void; onReset: () => void;
}) {
  const [role, setRole] = useState(u.role as string);
  const [phone, setPhone] = useState(u.phone ?? '');
  const [offices, setOffices] = useState<OfficeChoice>(u.allLocations ? 'all' : u.locations);
  return (
    <>
      <tr data-user={u.email}>
        <td>
          <span className="user-name">{u.displayName}{self ? ' (you)' : ''}</span><br /><span className="muted small">{u.email}</span>
          {u.phone && <><br /><span className="muted small" data-testid="user-phone">Calls ring {u.phone}</span></>}
        </td>
        <td>{roleLabels[u.role] ?? u.role}</td>
        <td>{u.allLocations ? 'All offices' : u.locations.join(', ') || <span className="muted">none</span>}</td>
        <td>{u.disabled ? <span className="badge badge-wait">Deactivated</span> : <span className="badge badge-ok">Active</span>}</td>
        <td>{u.lastSignInAt ? dayAndTime(u.lastSignInAt, zone) : <span className="muted">never</span>}</td>
        {manage && (
          <td>
            <div className="row-buttons user-actions">
              <button type="button" onClick={onEdit} aria-expanded={editing} aria-label={`Change role and offices of ${u.email}`}>Change</button>
              {u.disabled
                ? <button type="button" disabled={busy} onClick={() => onActive(true)} aria-label={`Reactivate ${u.email}`}>Reactivate</button>
                : <button type="button" disabled={busy} onClick={() => onActive(false)} aria-label={`Deactivate ${u.email}`}>Deactivate</button>}
              <button type="button" disabled={busy || u.disabled} onClick={onReset} aria-label={`Reset the password of ${u.email}`}>Reset password</button>
            </div>
          </td>
        )}
      </tr>
      {manage && editing && (
        <tr className="user-edit-row">
          <td colSpan={6}>
            <form onSubmit={(e) => { e.preventDefault(); onSave({ role, locations: offices }); }} aria-label={`Role and offices of ${u.email}`}>
              <div className="form-row">
                <RoleSelect id={`role-${u.id}`} value={role} onChange={setRole} />
                <OfficePicker idPrefix={`office-${u.id}`} value={offices} onChange={setOffices} />
              </div>
              <div className="row-buttons">
                <button type="submit" className="primary" disabled={busy}>Save</button>
                <button type="button" onClick={onEdit}>Cancel</button>
              </div>
            </form>
            <form onSubmit={(e) => { e.preventDefault(); onPhone(phone); }} aria-label={`Phone of ${u.email}`}>
              <div className="form-row">
                <div className="field">
                  <label htmlFor={`phone-${u.id}`}>Phone Recare rings for their calls</label>
                  <input id={`phone-${u.id}`} type="tel" autoComplete="off" value={phone} onChange={(e) => setPhone(e.target.value)} aria-describedby={`phone-${u.id}-help`} />
                  <p id={`phone-${u.id}-help`} className="muted small">Desk or mobile, with the country code (e.g. +18135550142); empty removes it.</p>
                </div>
              </div>
              <div className="row-buttons">
                <button type="submit" disabled={busy}>Save phone</button>
              </div>
            </form>
          </td>
        </tr>
      )}
    </>
  );
}
