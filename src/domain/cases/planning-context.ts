/**
 * What planning needs to know besides a patient's own facts: the enabled programs (and each program's
 * stored id), the practice's recall settings and holdout, each office's zone and business calendar,
 * and the randomness the holdout draws from.
 */
import type { BusinessCalendar } from '../cadence/business-days.js';
import type { HoldoutPolicy } from '../policy/holdout-policy.js';
import type { RankingPolicy } from '../policy/ranking-policy.js';
import type { RecallProgram } from '../recall/program.js';

export interface PlanningContext {
  enabled: readonly RecallProgram[];
  programByKey: ReadonlyMap<string, { id: number; program: RecallProgram }>;
  settings: { reactivationMonths?: number };
  /** The worklist's order and each program's active window (default: defaultRankingPolicy). */
  ranking?: RankingPolicy;
  /** The randomized holdout per program (default: off everywhere). */
  holdout?: HoldoutPolicy;
  /**
   * A uniform draw from [0, 1) for the holdout (crypto-based in production, seeded in tests). Needed
   * only while some program holds out a share; planning without it then is refused.
   */
  random?: () => number;
  /** The office of a patient (null: the practice's first office). */
  zoneOf(locationId: number | null): string;
  calendarOf(locationId: number | null): BusinessCalendar;
}
