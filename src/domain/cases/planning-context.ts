/**
 * What planning needs to know besides a patient's own facts: the enabled programs (and each program's
 * stored id), the practice's recall settings, and each office's zone and business calendar.
 */
import type { BusinessCalendar } from '../cadence/business-days.js';
import type { RankingPolicy } from '../policy/ranking-policy.js';
import type { RecallProgram } from '../recall/program.js';

export interface PlanningContext {
  enabled: readonly RecallProgram[];
  programByKey: ReadonlyMap<string, { id: number; program: RecallProgram }>;
  settings: { reactivationMonths?: number };
  /** The worklist's order and each program's active window (default: defaultRankingPolicy). */
  ranking?: RankingPolicy;
  /** The office of a patient (null: the practice's first office). */
  zoneOf(locationId: number | null): string;
  calendarOf(locationId: number | null): BusinessCalendar;
}
