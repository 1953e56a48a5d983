import { describe, expect, it } from 'vitest';
import { defaultPrograms, evaluatePatient, validateProgram, type DueItem, type PatientHistory } from '../../../src/domain/recall/index.js';
import { appointment, completed, history, planned, zone } from './recall-fixtures.js';

// Given a fixed clock: Wednesday 2026-09-16 10:00 in New York.
const now = new Date('2026-09-16T14:00:00Z');
const evaluate = (h: PatientHistory, options: { reactivationMonths?: number } = {}) => evaluatePatient(h, defaultPrograms, now, { timeZone: zone, ...options });
const open = (items: DueItem[]) => items.filter((i) => i.status === 'open');
const only = (items: DueItem[], key: string) => {
  const found = items.filter((i) => i.programKey === key);
  expect(found, `${key} items`).toHaveLength(1);
  return found[0]!;
};

describe('hygiene recall', () => {
  it('given a D1110 six months ago, the patient is due with evidence "last D1110 on … + 6 months"', () => {
    const item = only(evaluate(history({ procedures: [completed('D1110', '2026-03-02')] })), 'hygiene');
    expect(item).toMatchObject({
      status: 'open', source: 'computed', dueOn: '2026-09-02', windowStart: '2026-08-19', windowEnd: null,
      anchor: 'hygiene@2026-03-02', evidence: 'last D1110 on 2026-03-02 + 6 months', purpose: 'recall_due', suppression: null,
    });
  });

  it('outreach starts 14 days before the due date, not earlier', () => {
    expect(evaluate(history({ procedures: [completed('D1110', '2026-04-01')] })).filter((i) => i.programKey === 'hygiene')).toHaveLength(0);
    expect(only(evaluate(history({ procedures: [completed('D1110', '2026-03-31')] })), 'hygiene').windowStart).toBe('2026-09-16');
  });

  it('a mapped SNOMED cleaning counts like D1110', () => {
    const item = only(evaluate(history({ procedures: [completed('1260009003', '2026-02-10', { codeSystem: 'SNOMED' })] })), 'hygiene');
    expect(item.evidence).toBe('last 1260009003 on 2026-02-10 + 6 months');
  });

  it('only the latest cleaning counts', () => {
    const item = only(evaluate(history({ procedures: [completed('D1110', '2025-01-02'), completed('D1120', '2026-03-01')] })), 'hygiene');
    expect(item.anchor).toBe('hygiene@2026-03-01');
  });

  it('an imported PMS due date wins over the computed one and keeps the computed evidence', () => {
    const item = only(evaluate(history({
      procedures: [completed('D1110', '2026-03-02')],
      importedRecalls: [{ id: 1, recallType: 'Prophy', dueOn: '2026-09-20', disabled: false }],
    })), 'hygiene');
    expect(item).toMatchObject({ source: 'imported', dueOn: '2026-09-20', anchor: 'hygiene@pms-2026-09-20', status: 'open' });
    expect(item.evidence).toBe('due 2026-09-20 per the practice system\'s "Prophy" recall (imported; computed: last D1110 on 2026-03-02 + 6 months = 2026-09-02)');
  });

  it('a recall disabled in the PMS suppresses the program with the reason', () => {
    const item = only(evaluate(history({
      procedures: [completed('D1110', '2026-03-02')],
      importedRecalls: [{ id: 1, recallType: 'prophy', dueOn: '2026-09-02', disabled: true }],
    })), 'hygiene');
    expect(item.suppression).toEqual({ code: 'disabled_in_pms', message: 'the "prophy" recall is disabled in the practice system' });
  });

  it('any future scheduled appointment suppresses it (a booking covers the reason)', () => {
    const visit = appointment('2026-10-01T13:00:00Z', 'scheduled', { id: 812, confirmedAt: null });
    const items = evaluate(history({ procedures: [completed('D1110', '2026-03-02')], appointments: [visit] }));
    expect(only(items, 'hygiene')).toMatchObject({ status: 'suppressed', suppression: { code: 'future_appointment', message: 'covered by the scheduled appointment on 2026-10-01 (#812)' } });
  });

  it('a past appointment does not suppress it', () => {
    const items = evaluate(history({ procedures: [completed('D1110', '2026-03-02')], appointments: [appointment('2026-09-01T13:00:00Z', 'cancelled')] }));
    expect(only(items, 'hygiene').status).toBe('open');
  });
});

describe('perio maintenance', () => {
  it('last D4910 + 3 months, and it replaces hygiene for a perio patient', () => {
    const items = evaluate(history({ procedures: [completed('D1110', '2025-12-01'), completed('D4910', '2026-06-10')] }));
    expect(only(items, 'perio_maintenance')).toMatchObject({ status: 'open', dueOn: '2026-09-10', evidence: 'last D4910 on 2026-06-10 + 3 months' });
    expect(only(items, 'hygiene').suppression?.code).toBe('superseded');
  });

  it('completed scaling and root planing (D4342) starts perio maintenance', () => {
    expect(only(evaluate(history({ procedures: [completed('D4342', '2026-06-01')] })), 'perio_maintenance').evidence).toBe('last D4342 on 2026-06-01 + 3 months');
  });
});

describe('periodic exam', () => {
  it('last D0120 + 6 months, alongside hygiene', () => {
    const items = open(evaluate(history({ procedures: [completed('D1110', '2026-03-02'), completed('D0120', '2026-03-02')] })));
    expect(items.map((i) => i.programKey).sort()).toEqual(['hygiene', 'periodic_exam']);
    expect(only(items, 'periodic_exam').evidence).toBe('last D0120 on 2026-03-02 + 6 months');
  });
});

describe('unscheduled treatment', () => {
  it('a planned procedure opens 7 days after it was presented, with the planned fee', () => {
    expect(evaluate(history({ procedures: [planned('D2740', '2026-09-10', 120_000)] })).filter((i) => i.programKey === 'unscheduled_treatment')).toHaveLength(0);
    const item = only(evaluate(history({ procedures: [planned('D2740', '2026-09-09', 120_000), planned('D2950', '2026-09-09', 30_000)] })), 'unscheduled_treatment');
    expect(item).toMatchObject({
      status: 'open', anchor: 'unscheduled_treatment@2026-09-09', windowStart: '2026-09-16', feeCents: 150_000, purpose: 'treatment_followup',
      evidence: 'planned D2740, D2950 presented on 2026-09-09 ($1,500 planned)',
    });
  });

  it('an appointment that carries the planned code suppresses that item; an appointment without it does not', () => {
    const plan = [planned('D2740', '2026-09-01', 120_000)];
    const carrying = appointment('2026-09-30T14:00:00Z', 'scheduled', { id: 90, procedureCodes: ['D2740'] });
    expect(only(evaluate(history({ procedures: plan, appointments: [carrying] })), 'unscheduled_treatment').suppression)
      .toEqual({ code: 'appointment_carries_procedure', message: 'every planned procedure is on the scheduled appointment on 2026-09-30 (#90)' });
    const other = appointment('2026-09-30T14:00:00Z', 'scheduled', { procedureCodes: ['D1110'] });
    expect(only(evaluate(history({ procedures: plan, appointments: [other] })), 'unscheduled_treatment').status).toBe('open');
  });

  it('a partly scheduled plan keeps the rest open with the remaining fee', () => {
    const plan = [planned('D2740', '2026-09-01', 120_000), planned('D2950', '2026-09-01', 30_000)];
    const item = only(evaluate(history({ procedures: plan, appointments: [appointment('2026-09-30T14:00:00Z', 'confirmed', { procedureCodes: ['D2740'] })] })), 'unscheduled_treatment');
    expect(item).toMatchObject({ status: 'open', codes: ['D2950'], feeCents: 30_000, evidence: 'planned D2950 presented on 2026-09-01; D2740 already on a scheduled appointment ($300 planned)' });
  });

  it('treatment completed since it was presented is done', () => {
    expect(evaluate(history({ procedures: [planned('D2740', '2026-08-01'), completed('D2740', '2026-08-20')] })).filter((i) => i.programKey === 'unscheduled_treatment')).toHaveLength(0);
  });
});

describe('missed or cancelled visit', () => {
  it('a no-show with no later appointment opens from the next day', () => {
    const missed = appointment('2026-09-15T13:00:00Z', 'no_show', { id: 55, type: 'Hygiene' });
    const item = only(evaluate(history({ appointments: [missed] })), 'missed_visit');
    expect(item).toMatchObject({ status: 'open', anchor: 'missed_visit@appointment-55', dueOn: '2026-09-15', windowStart: '2026-09-16', appointmentId: 55, evidence: 'no-show on 2026-09-15 (appointment #55, Hygiene) with no later appointment' });
  });

  it('a cancellation rebooked for later opens nothing', () => {
    const items = evaluate(history({ appointments: [appointment('2026-09-14T13:00:00Z', 'cancelled'), appointment('2026-10-14T13:00:00Z', 'scheduled', { confirmedAt: new Date('2026-09-14T00:00:00Z') })] }));
    expect(items.filter((i) => i.programKey === 'missed_visit')).toHaveLength(0);
  });
});

describe('post-op check', () => {
  it('from 1 day after an extraction until 3 days after, then gone', () => {
    const on = (date: string) => evaluatePatient(history({ procedures: [completed('D7140', '2026-09-14')] }), defaultPrograms, new Date(`${date}T14:00:00Z`), { timeZone: zone }).filter((i) => i.programKey === 'post_op');
    expect(on('2026-09-14')).toHaveLength(0);
    expect(on('2026-09-15')[0]).toMatchObject({ status: 'open', windowStart: '2026-09-15', windowEnd: '2026-09-17', purpose: 'post_op', urgency: 90, evidence: 'D7140 completed on 2026-09-14; post-op check 1 day after' });
    expect(on('2026-09-17')).toHaveLength(1);
    expect(on('2026-09-18')).toHaveLength(0);
  });

  it('a future appointment does not suppress it', () => {
    const items = evaluate(history({ procedures: [completed('D6010', '2026-09-15')], appointments: [appointment('2026-10-01T13:00:00Z', 'scheduled', { confirmedAt: now })] }));
    expect(only(items, 'post_op').status).toBe('open');
  });
});

describe('appointment confirmation', () => {
  it('a scheduled, unconfirmed appointment opens 48 h before and closes 24 h before', () => {
    const visit = appointment('2026-09-18T13:00:00Z', 'scheduled', { id: 88 });
    const at = (iso: string) => evaluatePatient(history({ appointments: [visit] }), defaultPrograms, new Date(iso), { timeZone: zone }).filter((i) => i.programKey === 'confirmation');
    expect(at('2026-09-16T12:59:00Z')).toHaveLength(0);
    expect(at('2026-09-16T13:00:00Z')[0]).toMatchObject({
      status: 'open', anchor: 'confirmation@appointment-88', purpose: 'appointment_reminder', outreachStartsAt: new Date('2026-09-16T13:00:00Z'),
      outreachEndsAt: new Date('2026-09-17T13:00:00Z'), evidence: 'appointment #88 on 2026-09-18 at 09:00 is scheduled but not confirmed',
    });
    expect(at('2026-09-17T13:00:00Z')).toHaveLength(0);
  });

  it('a confirmed appointment needs no confirmation', () => {
    expect(evaluate(history({ appointments: [appointment('2026-09-17T20:00:00Z', 'confirmed', { confirmedAt: now })] })).filter((i) => i.programKey === 'confirmation')).toHaveLength(0);
  });
});

describe('reactivation', () => {
  it('no completed visit for 18 months opens reactivation and replaces the routine recalls', () => {
    const items = evaluate(history({ procedures: [completed('D1110', '2025-03-01'), completed('D0120', '2025-03-01')] }));
    expect(only(items, 'reactivation')).toMatchObject({ status: 'open', dueOn: '2026-09-01', purpose: 'reactivation', evidence: 'last completed visit on 2025-03-01; no visit for 18 months' });
    expect(only(items, 'hygiene').suppression?.code).toBe('superseded');
    expect(only(items, 'periodic_exam').suppression?.code).toBe('superseded');
  });

  it('the window is configurable from 12 to 36 months', () => {
    const h = history({ procedures: [completed('D2391', '2025-08-01')] });
    expect(evaluate(h).filter((i) => i.programKey === 'reactivation')).toHaveLength(0);
    expect(only(evaluate(h, { reactivationMonths: 12 }), 'reactivation').evidence).toBe('last completed visit on 2025-08-01; no visit for 12 months');
    expect(() => evaluate(h, { reactivationMonths: 6 })).toThrow('reactivationMonths 6 is out of range; allowed: a whole number of months from 12 to 36');
  });

  it('a future appointment suppresses it', () => {
    const items = evaluate(history({ procedures: [completed('D1110', '2024-01-01')], appointments: [appointment('2026-10-01T13:00:00Z', 'scheduled')] }));
    expect(only(items, 'reactivation').suppression?.code).toBe('future_appointment');
  });

  it('a patient who was never seen is not "lapsed"', () => {
    expect(evaluate(history())).toEqual([]);
  });
});

describe('exclusions are values with the reason recorded', () => {
  const due = { procedures: [completed('D1110', '2026-03-02')] };
  it.each([
    [{ status: 'deceased' as const, doNotContact: true }, 'deceased', 'patient is deceased'],
    [{ status: 'archived' as const, doNotContact: false }, 'archived', 'patient record is archived'],
    [{ status: 'inactive' as const, doNotContact: false }, 'inactive', 'patient is marked inactive in the practice system'],
    [{ status: 'active' as const, doNotContact: true }, 'do_not_contact', 'patient is marked do-not-contact'],
  ])('%o → suppressed as %s', (patient, code, message) => {
    const items = evaluate(history({ ...due, patient: { id: 7, ...patient } }));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'suppressed', suppression: { code, message } });
  });
});

describe('custom programs (specialty clinics, no code)', () => {
  it('"annual diabetic eye exam" by CPT code and appointment type', () => {
    const result = validateProgram({
      key: 'diabetic_eye_exam', name: 'Annual diabetic eye exam', purpose: 'recall_due', urgency: 45,
      trigger: { kind: 'interval', codes: { CPT: ['92250'] }, appointmentTypes: ['Diabetic eye exam'], interval: { years: 1 } },
      outreach: { start: { days: -30 } }, suppressedBy: 'any_future_appointment',
      cadence: { steps: [{ channel: 'voice' }, { channel: 'message', after: { businessDays: 3 } }], whenExhausted: 'close_unreachable' },
      scriptKey: 'diabetic_eye_exam',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const viaCode = evaluatePatient(history({ procedures: [completed('92250', '2025-10-01', { codeSystem: 'CPT' })] }), [result.program], now, { timeZone: zone });
    expect(viaCode[0]).toMatchObject({ programKey: 'diabetic_eye_exam', dueOn: '2026-10-01', evidence: 'last 92250 on 2025-10-01 + 1 year' });
    const viaType = evaluatePatient(history({ appointments: [appointment('2025-10-02T14:00:00Z', 'completed', { type: 'diabetic EYE exam' })] }), [result.program], now, { timeZone: zone });
    expect(viaType[0]?.evidence).toBe('last "diabetic EYE exam" visit on 2025-10-02 + 1 year');
  });

  it('"6-week post-procedure follow-up" and "referral not completed within 30 days"', () => {
    const followUp = validateProgram({
      key: 'six_week_follow_up', name: 'Six-week follow-up', purpose: 'post_op', urgency: 65,
      trigger: { kind: 'after_procedure', codes: { CDT: ['D6010'] }, after: { weeks: 6 } }, outreach: { start: { days: -3 }, end: { days: 14 } },
      suppressedBy: 'any_future_appointment', cadence: { steps: [{ channel: 'voice' }], whenExhausted: 'escalate_clinical' }, scriptKey: 'follow_up',
    });
    const referral = validateProgram({
      key: 'referral_incomplete', name: 'Referral not completed', purpose: 'treatment_followup', urgency: 55,
      trigger: { kind: 'referral', specialties: ['Endodontics'], notCompletedWithin: { days: 30 } }, outreach: { start: { days: 0 } },
      suppressedBy: 'nothing', cadence: { steps: [{ channel: 'voice' }], whenExhausted: 'close_unreachable' }, scriptKey: 'referral',
    });
    if (!followUp.ok || !referral.ok) throw new Error('programs should be valid');
    const items = evaluatePatient(history({
      procedures: [completed('D6010', '2026-08-07')],
      referrals: [{ id: 3, direction: 'out', specialty: 'Endodontics', referredTo: 'Dr. Root', status: 'open', referredOn: '2026-08-10', completedOn: null }],
    }), [followUp.program, referral.program], now, { timeZone: zone });
    expect(items.map((i) => [i.programKey, i.dueOn, i.evidence])).toEqual([
      ['six_week_follow_up', '2026-09-18', 'D6010 completed on 2026-08-07; six-week follow-up 6 weeks after'],
      ['referral_incomplete', '2026-09-09', 'referral to Endodontics on 2026-08-10 not completed within 30 days'],
    ]);
  });
});

describe('anchors are stable for idempotent upserts', () => {
  it('the same facts evaluate to the same anchors; a new cleaning is a new instance', () => {
    const h = history({ procedures: [completed('D1110', '2026-03-02'), planned('D2740', '2026-09-01')] });
    expect(evaluate(h).map((i) => i.anchor)).toEqual(evaluate(h).map((i) => i.anchor));
    const anchors = new Set(evaluate(h).map((i) => `${i.patientId}|${i.anchor}`));
    expect(anchors.size).toBe(evaluate(h).length);
  });
});
