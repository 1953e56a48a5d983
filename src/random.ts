/**
 * The one source of randomness for use cases that draw (the randomized holdout); domain code receives
 * the draw function as an argument. Production draws from the operating system's CSPRNG, so nobody can
 * predict or steer who is held out; tests use a seeded source so a draw can be replayed.
 */
import { randomInt } from 'node:crypto';

/** A uniform draw from [0, 1). */
export type Random = () => number;

const resolution = 2 ** 48;

/** 48 random bits from node:crypto, as a fraction in [0, 1). */
export const cryptoRandom: Random = () => (randomInt(2 ** 24) * 2 ** 24 + randomInt(2 ** 24)) / resolution;

/** A deterministic source (mulberry32) for tests: the same seed gives the same draws. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
