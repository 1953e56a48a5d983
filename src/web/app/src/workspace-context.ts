/** What every screen shares: the signed-in user, their offices and queues, the chosen office, the last list's order (for "next case"), the banner after an outcome and the outcome that may still be undone. */
import { createContext, useContext } from 'react';
import type { Office, User, Workspace } from './api';

export interface Flash {
  tone: 'success' | 'info' | 'error';
  text: string;
}

/** An outcome its recorder may still take back (UndoBar); `deadline` is in this browser's clock. */
export interface UndoableOutcome {
  attemptId: number;
  label: string;
  patientId: string;
  patientName: string;
  deadline: number;
}

export interface WorkspaceState {
  user: User;
  workspace: Workspace;
  /** The chosen office's id ("TPA"), or null for all of the user's offices. */
  location: string | null;
  setLocation(location: string | null): void;
  officeOf(id: string | null): Office | undefined;
  /** The zone to show times in for a case at an office (the first office when unknown). */
  zoneOf(officeId: string | null): string;
  /** Patient ids in the order of the last worklist shown, for power mode's "next case". */
  listOrder: string[];
  setListOrder(ids: string[]): void;
  flash: Flash | null;
  setFlash(flash: Flash | null): void;
  powerMode: boolean;
  setPowerMode(on: boolean): void;
  undoable: UndoableOutcome | null;
  setUndoable(outcome: UndoableOutcome | null): void;
  signOut(): Promise<void>;
}

export const WorkspaceContext = createContext<WorkspaceState | null>(null);

export function useWorkspace(): WorkspaceState {
  const state = useContext(WorkspaceContext);
  if (!state) throw new Error('useWorkspace outside the signed-in app');
  return state;
}

export const can = {
  // Imports are practice-wide (a file holds every office's patients): managers and admins who cover all offices.
  import: (user: User) => (user.role === 'manager' || user.role === 'admin') && user.allLocations,
  managePrograms: (user: User) => user.role === 'manager' || user.role === 'admin',
  manageTemplates: (user: User) => user.role === 'manager' || user.role === 'admin',
  managePolicy: (user: User) => user.role === 'manager' || user.role === 'admin',
  /** The Reports page: the figures and charts (reports.read). */
  viewReports: (user: User) => user.role === 'manager' || user.role === 'admin',
  /** Assign, bulk-assign, and re-queue or close cases in the weekly review (cases.assign). */
  assign: (user: User) => user.role === 'coordinator' || user.role === 'manager' || user.role === 'admin',
  /** The Outbox: what automated messaging is doing, retries, and the pause switch. */
  manageMessaging: (user: User) => user.role === 'manager' || user.role === 'admin',
  /** The Channels page: provider settings and test messages. */
  configureChannels: (user: User) => user.role === 'admin',
  /** The Users page: managers look (users.read), administrators change (users.manage). */
  viewUsers: (user: User) => user.role === 'manager' || user.role === 'admin',
  manageUsers: (user: User) => user.role === 'admin',
  /** The Locations page: managers look (locations.read), administrators change (locations.manage). */
  viewLocations: (user: User) => user.role === 'manager' || user.role === 'admin',
  manageLocations: (user: User) => user.role === 'admin',
  /** End demo mode (users.manage). */
  endDemo: (user: User) => user.role === 'admin',
};
