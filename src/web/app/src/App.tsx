/** Signs the user in (or finds their session), loads their workspace, and shows the screen the path names. */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api, sessionEndedEvent, type User, type Workspace } from './api';
import { AccountPage } from './components/AccountPage';
import { AppHeader } from './components/AppHeader';
import { ChannelsPage } from './components/ChannelsPage';
import { ForcedPasswordChange } from './components/ForcedPasswordChange';
import { ImportPage } from './components/ImportPage';
import { InfoPage } from './components/InfoPage';
import { OutboxPage } from './components/OutboxPage';
import { PatientPage } from './components/PatientPage';
import { PolicyPage } from './components/PolicyPage';
import { ProgramsPage } from './components/ProgramsPage';
import { QueuesPage } from './components/QueuesPage';
import { ReviewPage } from './components/ReviewPage';
import { SignInPage } from './components/SignInPage';
import { TemplatesPage } from './components/TemplatesPage';
import { UndoBar } from './components/UndoBar';
import { UsersPage } from './components/UsersPage';
import { LocationsPage } from './components/LocationsPage';
import { ErrorNotice, Loading } from './components/status';
import { WorklistPage } from './components/WorklistPage';
import { navigate, useRoute } from './router';
import { WorkspaceContext, type Flash, type UndoableOutcome, type WorkspaceState } from './workspace-context';

// The charts (chart.js) load only when a manager opens the Reports page.
const ReportsPage = lazy(() => import('./components/ReportsPage').then((m) => ({ default: m.ReportsPage })));

type Boot =
  | { state: 'checking' }
  | { state: 'signed-out' }
  | { state: 'must-change-password'; user: User }
  | { state: 'signed-in'; user: User; workspace: Workspace }
  | { state: 'error'; error: unknown };

export function App() {
  const [boot, setBoot] = useState<Boot>({ state: 'checking' });

  const enter = useCallback(async (user: User | null) => {
    if (!user) return setBoot({ state: 'signed-out' });
    // Signed in with a one-time password: the server opens nothing else until the user chooses their own.
    if (user.mustChangePassword) return setBoot({ state: 'must-change-password', user });
    try {
      setBoot({ state: 'signed-in', user, workspace: await api.workspace() });
    } catch (error) {
      setBoot({ state: 'error', error });
    }
  }, []);

  useEffect(() => {
    api.currentSession().then(enter, (error: unknown) => setBoot({ state: 'error', error }));
  }, [enter]);

  useEffect(() => {
    const ended = () => setBoot({ state: 'signed-out' });
    window.addEventListener(sessionEndedEvent, ended);
    return () => window.removeEventListener(sessionEndedEvent, ended);
  }, []);

  if (boot.state === 'checking') return <main className="page"><Loading what="Recare" /></main>;
  if (boot.state === 'error') return <main className="page"><ErrorNotice error={boot.error} onRetry={() => window.location.reload()} /></main>;
  if (boot.state === 'signed-out') return <SignInPage onSignedIn={(user) => void enter(user)} />;
  if (boot.state === 'must-change-password') {
    return (
      <ForcedPasswordChange
        user={boot.user}
        onChanged={() => void api.currentSession().then(enter, (error: unknown) => setBoot({ state: 'error', error }))}
        onSignOut={() => void api.signOut().finally(() => setBoot({ state: 'signed-out' }))}
      />
    );
  }
  return <SignedInApp user={boot.user} workspace={boot.workspace} onSignedOut={() => setBoot({ state: 'signed-out' })} />;
}

function SignedInApp({ user, workspace, onSignedOut }: { user: User; workspace: Workspace; onSignedOut: () => void }) {
  const [location, setLocationState] = useState<string | null>(() => {
    const saved = window.localStorage.getItem('recare.location');
    return workspace.locations.length === 1 ? workspace.locations[0]?.id ?? null : workspace.locations.some((l) => l.id === saved) ? saved : null;
  });
  const [listOrder, setListOrder] = useState<string[]>([]);
  const [flash, setFlash] = useState<Flash | null>(null);
  const [undoable, setUndoable] = useState<UndoableOutcome | null>(null);
  const [powerMode, setPowerModeState] = useState(() => window.localStorage.getItem('recare.powerMode') === 'on');

  const state = useMemo<WorkspaceState>(() => ({
    user, workspace, location, listOrder, flash, powerMode, undoable, setUndoable,
    setLocation: (next) => {
      setLocationState(next);
      if (next) window.localStorage.setItem('recare.location', next);
      else window.localStorage.removeItem('recare.location');
    },
    officeOf: (id) => workspace.locations.find((l) => l.id === id),
    zoneOf: (id) => workspace.locations.find((l) => l.id === id)?.timeZone ?? workspace.locations[0]?.timeZone ?? 'UTC',
    setListOrder, setFlash,
    setPowerMode: (on) => {
      setPowerModeState(on);
      window.localStorage.setItem('recare.powerMode', on ? 'on' : 'off');
    },
    signOut: async () => {
      try {
        await api.signOut();
      } finally {
        navigate('/');
        onSignedOut();
      }
    },
  }), [user, workspace, location, listOrder, flash, powerMode, undoable, onSignedOut]);

  return (
    <WorkspaceContext.Provider value={state}>
      <a className="skip-link" href="#main">Skip to main content</a>
      <AppHeader />
      <main id="main" className="page" tabIndex={-1}>
        <UndoBar />
        {flash && <FlashBanner flash={flash} onClose={() => setFlash(null)} />}
        <Screen />
      </main>
    </WorkspaceContext.Provider>
  );
}

function FlashBanner({ flash, onClose }: { flash: Flash; onClose: () => void }) {
  return (
    <div className={`notice notice-${flash.tone}`} role={flash.tone === 'error' ? 'alert' : 'status'} data-testid="flash">
      <p>{flash.text}</p>
      <button type="button" className="link-button" onClick={onClose} aria-label="Dismiss this message">Dismiss</button>
    </div>
  );
}

function Screen() {
  const route = useRoute();
  switch (route.screen) {
    case 'worklist': return <WorklistPage />;
    case 'patient': return <PatientPage key={route.patientId} patientId={route.patientId} />;
    case 'queues': return <QueuesPage queue={route.queue} />;
    case 'imports': return <ImportPage />;
    case 'programs': return <ProgramsPage />;
    case 'templates': return <TemplatesPage />;
    case 'settings': return <PolicyPage />;
    case 'review': return <ReviewPage />;
    case 'reports': return <Suspense fallback={<Loading what="the reports" />}><ReportsPage /></Suspense>;
    case 'account': return <AccountPage />;
    case 'outbox': return <OutboxPage state={route.state} />;
    case 'channels': return <ChannelsPage />;
    case 'users': return <UsersPage />;
    case 'locations': return <LocationsPage />;
    case 'not-found': return <InfoPage topic="not-found" />;
  }
}
