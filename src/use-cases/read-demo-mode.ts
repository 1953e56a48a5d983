/** Whether this is the demo clinic (the app says so in its header until demo mode ends). */
import { readDemoMode as readStoredDemoMode } from '../db/queries/demo-mode.js';
import type { Deps } from './deps.js';

export async function readDemoMode(deps: Pick<Deps, 'store'>): Promise<{ demo: boolean }> {
  return { demo: await readStoredDemoMode(deps.store.db) };
}
