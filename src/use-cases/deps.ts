/** What every use case may be handed: the store, the clock, the logger (and a random source). Each takes only what it uses. */
import type { Clock } from '../clock.js';
import type { Store } from '../db/open-store.js';
import type { Log } from '../log.js';
import type { Random } from '../random.js';

export interface Deps {
  store: Store;
  clock: Clock;
  log: Log;
  /** The draws of the randomized holdout (default: cryptoRandom); tests pass a seeded source. */
  random?: Random;
}
