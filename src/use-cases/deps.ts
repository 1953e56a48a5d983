/** What every use case may be handed: the store, the clock and the logger. Each takes only what it uses. */
import type { Clock } from '../clock.js';
import type { Store } from '../db/open-store.js';
import type { Log } from '../log.js';

export interface Deps {
  store: Store;
  clock: Clock;
  log: Log;
}
