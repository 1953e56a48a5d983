import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessCalendarFor } from '../../../src/domain/cadence/index.js';
import { isActionable, mergeIntoCase, priorityOf, type CaseRecord } from '../../../src/domain/cases/index.js';
import { applyOutcome, outcomeKeys, type OutcomeKey } from '../../../src/domain/outcomes/index.js';
import {
  defaultProgram, defaultPrograms, evaluatePatient, type AppointmentFact, type PatientHistory, type ProcedureFact,
} from '../../../src/domain/recall/index.js';

const zone = 'America/New_York';
const calendar = businessCalendarFor({ timeZone: zone, state: 'FL' });
const start = new Date('2026-01-05T15:00:00Z');
const day = 86_400_000;
type Arb<T> = T extends fc.Arbitrary<infer V> ? V : never;
const codes = ['D1110', 'D0120', 'D4910', 'D2740', 'D2391', 'D7140', 'D6010'];
const isoDay = (offset: number) => new Date(start.getTime() + offset * day).toISOString().slice(0, 10);

const procedure = fc.record({
  code: fc.constantFrom(...codes), status: fc.constantFrom('completed' as const, 'planned' as const),
  offset: fc.integer({ min: -900, max: 0 }), fee: fc.option(fc.integer({ min: 1_000, max: 500_000 }), { nil: null }),
});
const visit = fc.record({
  offset: fc.integer({ min: -400, max: 120 }), status: fc.constantFrom('scheduled' as const, 'confirmed' as const, 'completed' as const, 'cancelled' as const, 'no_show' as const),
  codes: fc.subarray(codes),
});

function build(procs: Arb<typeof procedure>[], visits: Arb<typeof visit>[], status: PatientHistory['patient']['status'] = 'active'): PatientHistory {
  return {
    patient: { id: 1, status, doNotContact: false },
    procedures: procs.map((p, i): ProcedureFact => ({ id: i + 1, codeSystem: 'CDT', code: p.code, status: p.status, performedOn: isoDay(p.offset), feeCents: p.fee, appointmentId: null })),
    appointments: visits.map((v, i): AppointmentFact => ({
      id: 100 + i, startsAt: new Date(start.getTime() + v.offset * day), status: v.status, type: null, procedureCodes: v.codes,
      confirmedAt: v.status === 'confirmed' ? start : null,
    })),
  };
}

/** A tiny store: the cases table with its "one open case per patient" rule checked after every write. */
function applyPlan(store: CaseRecord[], next: CaseRecord | null, nextId: () => number): void {
  if (!next) return;
  if (next.id === null) store.push({ ...next, id: nextId() });
  else store.splice(store.findIndex((c) => c.id === next.id), 1, next);
}

describe('case properties', () => {
  it('no patient ever has two open cases after any sequence of evaluations, merges and outcomes', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('evaluate' as const), advanceDays: fc.integer({ min: 0, max: 60 }), procs: fc.array(procedure, { maxLength: 3 }), visits: fc.array(visit, { maxLength: 2 }) }),
      fc.record({ kind: fc.constant('outcome' as const), outcome: fc.constantFrom(...outcomeKeys) }),
    );
    fc.assert(fc.property(fc.array(procedure, { maxLength: 6 }), fc.array(visit, { maxLength: 4 }), fc.array(step, { minLength: 1, maxLength: 12 }), (procs0, visits0, steps) => {
      const store: CaseRecord[] = [];
      let id = 0;
      let now = start;
      const procs = [...procs0];
      const visits = [...visits0];
      const closedAnchors: string[] = [];
      for (const s of steps) {
        const current = store.find((c) => c.state !== 'closed') ?? store.at(-1) ?? null;
        if (s.kind === 'evaluate') {
          now = new Date(now.getTime() + s.advanceDays * day);
          procs.push(...s.procs);
          visits.push(...s.visits);
          const items = evaluatePatient(build(procs, visits), defaultPrograms, now, { timeZone: zone });
          applyPlan(store, mergeIntoCase({ patientId: 1, items, current, closedAnchors, now }).case, () => ++id);
        } else if (current && current.state !== 'closed') {
          try {
            const effect = applyOutcome(
              { state: current.state, ownerUserId: null, ownerQueue: null, cadenceStep: current.cadenceStep, unansweredAttempts: current.cadenceStep, outreachStartsAt: now },
              s.outcome as OutcomeKey, { now, actorUserId: 3, callbackAt: new Date(now.getTime() + day), cadence: defaultProgram('hygiene').cadence, calendar },
            );
            if (effect.nextState === 'closed') closedAnchors.push(...current.reasonAnchors);
            applyPlan(store, {
              ...current, state: effect.nextState, nextActionAt: effect.nextActionAt, cadenceStep: effect.cadenceStep,
              closedReason: effect.closeReason ?? null, closedAt: effect.nextState === 'closed' ? now : null,
            }, () => ++id);
          } catch (error) {
            // Refused moves (e.g. snoozing a booked case) leave the case as it was.
            expect(String(error)).toMatch(/not allowed|closed/);
          }
        }
        expect(store.filter((c) => c.state !== 'closed').length).toBeLessThanOrEqual(1);
      }
    }), { numRuns: 150 });
  });

  it('a case whose reasons are all covered by a future appointment is never actionable', () => {
    fc.assert(fc.property(fc.array(procedure, { maxLength: 8 }), fc.array(visit, { maxLength: 4 }), fc.integer({ min: 1, max: 90 }), (procs, visits, ahead) => {
      const now = start;
      // A confirmed future visit that carries every planned code covers every reason an appointment can cover.
      const covering: Arb<typeof visit> = { offset: ahead, status: 'confirmed', codes: procs.filter((p) => p.status === 'planned').map((p) => p.code) };
      const history = build(procs, [...visits.filter((v) => v.offset <= 0 || v.status === 'confirmed' || v.status === 'completed'), covering]);
      const items = evaluatePatient(history, defaultPrograms, now, { timeZone: zone });
      // Only a post-op check is never covered by a booking; everything else must be suppressed.
      const open = items.filter((i) => i.status === 'open');
      expect(open.filter((i) => i.programKey !== 'post_op')).toEqual([]);
      const plan = mergeIntoCase({ patientId: 1, items: items.filter((i) => i.programKey !== 'post_op'), current: null, now });
      expect(plan.case === null || !isActionable(plan.case, now)).toBe(true);
      for (const later of [now, new Date(now.getTime() + day), new Date(now.getTime() + 30 * day)]) {
        if (plan.case) expect(isActionable(plan.case, later)).toBe(false);
      }
    }), { numRuns: 200 });
  });

  it('priority is deterministic and every score comes with a non-empty why', () => {
    const reason = fc.record({
      programKey: fc.constantFrom(...defaultPrograms.map((p) => p.key)), urgency: fc.integer({ min: 0, max: 100 }),
      dueOn: fc.integer({ min: -400, max: 30 }).map(isoDay), feeCents: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
    });
    fc.assert(fc.property(
      fc.array(reason, { maxLength: 5 }), fc.boolean(), fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
      fc.option(fc.record({ attempts: fc.nat({ max: 20 }), answered: fc.nat({ max: 20 }) }), { nil: null }),
      (reasons, contactableNow, callbackDays, responsiveness) => {
        const input = {
          reasons, now: start, timeZone: zone, contactableNow, responsiveness,
          callbackAt: callbackDays === null ? null : new Date(start.getTime() + callbackDays * day),
        };
        const a = priorityOf(input);
        const b = priorityOf({ ...input, reasons: [...reasons].reverse() });
        expect(a).toEqual(b);
        expect(Number.isFinite(a.score)).toBe(true);
        expect(a.why.trim().length).toBeGreaterThan(0);
        expect(a.parts.every((p) => p.reason.length > 0)).toBe(true);
      },
    ), { numRuns: 300 });
  });
});
