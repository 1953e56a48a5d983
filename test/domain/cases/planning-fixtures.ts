/** A planning context over the default programs, one Florida office in New York time; no database. */
import { businessCalendarFor } from '../../../src/domain/cadence/index.js';
import type { PlanningContext, StoredCase } from '../../../src/domain/cases/index.js';
import { defaultPrograms, type RecallProgram } from '../../../src/domain/recall/index.js';

export const zone = 'America/New_York';
// Wednesday 2026-09-16 10:00 in New York: an office hour.
export const now = new Date('2026-09-16T14:00:00Z');

export function planningContext(programs: readonly RecallProgram[] = defaultPrograms): PlanningContext {
  const calendar = businessCalendarFor({ timeZone: zone, state: 'FL' });
  return {
    enabled: programs.filter((p) => p.enabled),
    programByKey: new Map(programs.map((program, i) => [program.key, { id: i + 1, program }])),
    settings: {},
    zoneOf: () => zone,
    calendarOf: () => calendar,
  };
}

export function storedCase(over: Partial<StoredCase> = {}): StoredCase {
  return {
    id: 51, patientId: 7, state: 'open', ownerUserId: null, ownerQueue: null, nextStep: 'call', nextActionAt: now, cadenceStep: 0, closedReason: null,
    openedAt: new Date('2026-09-01T12:00:00Z'), closedAt: null, reasonAnchors: [], locationId: 1, claimedBy: null, claimedAt: null, leadProgramKey: null,
    programKeys: [], dueOn: null, priority: 0, priorityWhy: null, nextChannel: 'voice', unansweredAttempts: 0, firstAttemptAt: null, outreachStartsAt: null,
    outreachEndsAt: null, snoozedUntil: null, updatedAt: new Date('2026-09-15T12:00:00Z'), ...over,
  };
}
