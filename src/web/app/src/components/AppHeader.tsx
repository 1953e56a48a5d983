/** The header: where you are, who you are, which office you work, each office's local time, and sign-out. */
import { useEffect, useState, type MouseEvent } from 'react';
import { api, errorMessage } from '../api';
import { navigate, useRoute, type Route } from '../router';
import { useMessagingPause } from '../messaging-pause';
import { clockTime, dayAndTime, serverNow } from '../time';
import { can, useWorkspace } from '../workspace-context';

export function AppHeader() {
  const { user } = useWorkspace();
  return (
    <header className="app-header">
      <div className="header-top">
        <a className="brand" href="/" onClick={follow('/')}><span className="brand-mark" aria-hidden="true">R</span> Recare</a>
        <OfficeSwitcher />
        <OfficeClocks />
        <UserMenu />
      </div>
      <MainNav showImports={can.import(user)} showPrograms={can.managePrograms(user)} showTemplates={can.manageTemplates(user)}
        showOutbox={can.manageMessaging(user)} showChannels={can.configureChannels(user)} showUsers={can.viewUsers(user)}
        showLocations={can.viewLocations(user)} showReports={can.viewReports(user)} />
      <DemoBanner />
      <PauseBanner />
    </header>
  );
}

export const follow = (path: string) => (event: MouseEvent) => {
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(path);
};

function MainNav({ showImports, showPrograms, showTemplates, showOutbox, showChannels, showUsers, showLocations, showReports }: {
  showImports: boolean; showPrograms: boolean; showTemplates: boolean; showOutbox: boolean; showChannels: boolean; showUsers: boolean; showLocations: boolean; showReports: boolean;
}) {
  const route = useRoute();
  const items: { path: string; label: string; active: (r: Route) => boolean }[] = [
    { path: '/', label: 'Worklist', active: (r) => r.screen === 'worklist' || r.screen === 'patient' },
    { path: '/queues', label: 'Queues', active: (r) => r.screen === 'queues' },
    { path: '/review', label: 'Weekly review', active: (r) => r.screen === 'review' },
    ...(showReports ? [{ path: '/reports', label: 'Reports', active: (r: Route) => r.screen === 'reports' }] : []),
    ...(showImports ? [{ path: '/imports', label: 'Import', active: (r: Route) => r.screen === 'imports' }] : []),
    ...(showPrograms ? [{ path: '/programs', label: 'Programs & scripts', active: (r: Route) => r.screen === 'programs' }] : []),
    ...(showTemplates ? [{ path: '/templates', label: 'Templates', active: (r: Route) => r.screen === 'templates' }] : []),
    ...(showOutbox ? [{ path: '/outbox', label: 'Outbox', active: (r: Route) => r.screen === 'outbox' }] : []),
    ...(showChannels ? [{ path: '/channels', label: 'Channels', active: (r: Route) => r.screen === 'channels' }] : []),
    ...(showUsers ? [{ path: '/users', label: 'Users', active: (r: Route) => r.screen === 'users' }] : []),
    ...(showLocations ? [{ path: '/locations', label: 'Locations', active: (r: Route) => r.screen === 'locations' }] : []),
    { path: '/settings', label: 'Policy', active: (r) => r.screen === 'settings' },
  ];
  return (
    <nav aria-label="Main" className="main-nav">
      <ul>
        {items.map((item) => (
          <li key={item.path}>
            <a href={item.path} onClick={follow(item.path)} aria-current={item.active(route) ? 'page' : undefined}>{item.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function OfficeSwitcher() {
  const { workspace, location, setLocation } = useWorkspace();
  if (workspace.locations.length === 0) return <span className="muted">No office assigned; ask an administrator.</span>;
  if (workspace.locations.length === 1) return <span className="office-name">{workspace.locations[0]?.name}</span>;
  return (
    <div className="office-switcher">
      <label htmlFor="office">Office</label>
      <select id="office" value={location ?? ''} onChange={(e) => setLocation(e.target.value || null)}>
        <option value="">All my offices</option>
        {workspace.locations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
      </select>
    </div>
  );
}

function OfficeClocks() {
  const { workspace } = useWorkspace();
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(serverNow()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <ul className="office-clocks" aria-label="Local time at each office">
      {workspace.locations.map((l) => (
        <li key={l.id} title={`${l.name}: ${l.timeZone}`}><span className="muted">{l.id}</span> <time dateTime={now.toISOString()}>{clockTime(now, l.timeZone)}</time></li>
      ))}
    </ul>
  );
}

function UserMenu() {
  const { user, signOut } = useWorkspace();
  return (
    <div className="user-menu">
      <span className="user-name">{user.displayName}<span className="muted"> · {user.role.replace('_', ' ')}</span></span>
      <a href="/account" onClick={follow('/account')}>Account</a>
      <button type="button" onClick={() => void signOut()}>Sign out</button>
    </div>
  );
}

/** Until demo mode ends (a real import, or an admin here or with `recare demo --end`), the app says it is a demo. */
function DemoBanner() {
  const { user } = useWorkspace();
  const [demo, setDemo] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.demoMode().then((mode) => setDemo(mode.demo), () => setDemo(false));
  }, []);
  if (!demo) return null;
  const end = () => api.endDemoMode().then(() => setDemo(false), (e: unknown) => setError(errorMessage(e)));
  return (
    <div className="demo-banner" role="note" data-testid="demo-banner">
      <p><strong>Demo clinic:</strong> made-up patients, and the sign-ins are listed publicly. Importing real data ends demo mode.</p>
      {can.endDemo(user) && (confirming
        ? <span className="row-buttons"><button type="button" onClick={() => void end()}>End demo mode now</button><button type="button" className="link-button" onClick={() => setConfirming(false)}>Keep the demo</button></span>
        : <button type="button" onClick={() => setConfirming(true)}>End demo mode…</button>)}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

/** While a manager has paused automated messages, every page says so (and who, when and why); managers get the way to resume. */
function PauseBanner() {
  const { user, workspace, zoneOf } = useWorkspace();
  const pause = useMessagingPause(workspace.messagingPaused ?? false, true);
  if (!pause.paused) return null;
  const who = [pause.changedBy ? `by ${pause.changedBy}` : '', pause.changedAt ? `at ${dayAndTime(pause.changedAt, zoneOf(null))}` : ''].filter(Boolean).join(' ');
  return (
    <div className="pause-banner" role="status" data-testid="pause-banner">
      <p>
        <strong>Automated messages are paused</strong>{who ? ` — ${who}` : ''}.{pause.reason ? <> Reason: “{pause.reason}”.</> : null}
        {' '}No automated text or email goes out until a manager resumes them.
      </p>
      {can.manageMessaging(user) && <a href="/outbox" onClick={follow('/outbox')}>Open the Outbox to resume</a>}
    </div>
  );
}
