/**
 * The planner keeps a patient's stored plan until `stableUntil` unless their data changes, so the
 * horizon must never be late: evaluating the same history at any instant before it gives exactly
 * the same items as evaluating it now.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultPrograms, evaluatePatient, evaluatePatientWithHorizon, type AppointmentFact, type PatientHistory, type ProcedureFact,
} from '../../../src/domain/recall/index.js';

const zones = ['America/New_York', 'America/Chicago', 'America/Phoenix', 'Pacific/Honolulu'];
const base = new Date('2026-03-01T15:00:00Z').getTime();
const hour = 3_600_000;
const day = 24 * hour;
const codes = ['D1110', 'D1120', 'D0120', 'D0150', 'D4910', 'D4342', 'D2740', 'D2391', 'D7140', 'D7210', 'D6010'];
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const procedure = fc.record({
  code: fc.constantFrom(...codes), status: fc.constantFrom('completed' as const, 'planned' as const),
  // Mostly the past, some future-dated (a PMS exports next week's planned presentation too).
  offsetDays: fc.integer({ min: -1000, max: 40 }), fee: fc.option(fc.integer({ min: 1_000, max: 500_000 }), { nil: null }),
});
const visit = fc.record({
  offsetHours: fc.integer({ min: -500 * 24, max: 120 * 24 }),
  status: fc.constantFrom('scheduled' as const, 'confirmed' as const, 'completed' as const, 'cancelled' as const, 'no_show' as const),
  codes: fc.subarray(codes, { maxLength: 2 }),
});
const recall = fc.record({ offsetDays: fc.integer({ min: -60, max: 200 }), disabled: fc.boolean() });

const scenario = fc.record({
  procedures: fc.array(procedure, { maxLength: 6 }),
  visits: fc.array(visit, { maxLength: 4 }),
  recalls: fc.array(recall, { maxLength: 1 }),
  zone: fc.constantFrom(...zones),
  status: fc.constantFrom('active' as const, 'active' as const, 'inactive' as const, 'deceased' as const),
  reactivationMonths: fc.option(fc.integer({ min: 12, max: 36 }), { nil: undefined }),
  // Where between now and the horizon to look again (0 = just after now, 1 = just before the horizon).
  fraction: fc.double({ min: 0, max: 1, noNaN: true }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer V> ? V : never;

function historyOf(s: Scenario): PatientHistory {
  return {
    patient: { id: 1, status: s.status, doNotContact: false },
    procedures: s.procedures.map((p, i): ProcedureFact => ({
      id: i + 1, codeSystem: 'CDT', code: p.code, status: p.status, performedOn: isoDay(base + p.offsetDays * day), feeCents: p.fee, appointmentId: null,
    })),
    appointments: s.visits.map((v, i): AppointmentFact => ({
      id: 100 + i, startsAt: new Date(base + v.offsetHours * hour), status: v.status, type: null, procedureCodes: v.codes, confirmedAt: v.status === 'confirmed' ? new Date(base) : null,
    })),
    importedRecalls: s.recalls.map((r, i) => ({ id: 200 + i, recallType: 'Prophy', dueOn: isoDay(base + r.offsetDays * day), disabled: r.disabled })),
    referrals: [],
  };
}

describe('evaluation horizon (stableUntil)', () => {
  it('evaluating the same history anywhere before stableUntil gives the same items', () => {
    fc.assert(fc.property(scenario, fc.integer({ min: 0, max: 400 * 24 }), (s, nowOffsetHours) => {
      const now = new Date(base + nowOffsetHours * hour);
      const options = { timeZone: s.zone, ...(s.reactivationMonths !== undefined ? { reactivationMonths: s.reactivationMonths } : {}) };
      const history = historyOf(s);
      const { items, stableUntil } = evaluatePatientWithHorizon(history, defaultPrograms, now, options);
      if (stableUntil === null) {
        // Nothing left to change by time: a year later still the same.
        expect(evaluatePatient(history, defaultPrograms, new Date(now.getTime() + 365 * day), options)).toEqual(items);
        return;
      }
      expect(stableUntil.getTime()).toBeGreaterThan(now.getTime());
      const span = stableUntil.getTime() - now.getTime();
      const later = new Date(now.getTime() + Math.max(1, Math.floor(span * s.fraction) - 1));
      const justBefore = new Date(stableUntil.getTime() - 1);
      expect(evaluatePatient(history, defaultPrograms, later, options)).toEqual(items);
      expect(evaluatePatient(history, defaultPrograms, justBefore, options)).toEqual(items);
    }), { numRuns: 1500 });
  });

  it('names the next window edge: a cleaning 6 months ago opens hygiene outreach 14 days before the due day, local midnight', () => {
    const history: PatientHistory = {
      patient: { id: 1, status: 'active', doNotContact: false },
      procedures: [{ id: 1, codeSystem: 'CDT', code: 'D1110', status: 'completed', performedOn: '2026-01-20', feeCents: null, appointmentId: null }],
      appointments: [], importedRecalls: [], referrals: [],
    };
    const { items, stableUntil } = evaluatePatientWithHorizon(history, defaultPrograms, new Date('2026-03-01T15:00:00Z'), { timeZone: 'America/Chicago' });
    expect(items).toEqual([]);
    // Due 2026-07-20; outreach from 2026-07-06 00:00 in Chicago (CDT, UTC−5).
    expect(stableUntil?.toISOString()).toBe('2026-07-06T05:00:00.000Z');
  });

  it('a scheduled visit tomorrow is the horizon: once it starts, it no longer suppresses and may become a missed visit', () => {
    const startsAt = new Date('2026-03-02T14:00:00Z');
    const history: PatientHistory = {
      patient: { id: 1, status: 'active', doNotContact: false },
      procedures: [{ id: 1, codeSystem: 'CDT', code: 'D1110', status: 'completed', performedOn: '2025-08-01', feeCents: null, appointmentId: null }],
      appointments: [{ id: 9, startsAt, status: 'scheduled', type: null, procedureCodes: [], confirmedAt: new Date('2026-02-20T00:00:00Z') }],
      importedRecalls: [], referrals: [],
    };
    const { stableUntil } = evaluatePatientWithHorizon(history, defaultPrograms, new Date('2026-03-01T15:00:00Z'), { timeZone: 'America/New_York' });
    expect(stableUntil?.toISOString()).toBe(startsAt.toISOString());
  });
});
