import { describe, expect, it } from 'vitest';
import { defaultProgram, defaultPrograms, validateProgram, validatePrograms } from '../../../src/domain/recall/index.js';

const valid = {
  key: 'diagnostic_review', name: 'Diagnostic result review', purpose: 'treatment_followup', urgency: 55,
  trigger: { kind: 'after_procedure', codes: { CPT: ['88305'] }, after: { days: 7 } },
  outreach: { start: { days: 0 }, end: { days: 14 } }, suppressedBy: 'nothing',
  cadence: { steps: [{ channel: 'voice' }], whenExhausted: 'escalate_clinical' }, scriptKey: 'diagnostic_review',
};

describe('default programs', () => {
  it('seeds the eight programs of the issue with purpose and urgency in the issue order', () => {
    expect(defaultPrograms.map((p) => [p.key, p.purpose, p.urgency])).toEqual([
      ['hygiene', 'recall_due', 40], ['perio_maintenance', 'recall_due', 50], ['periodic_exam', 'recall_due', 38],
      ['unscheduled_treatment', 'treatment_followup', 60], ['missed_visit', 'recall_due', 70], ['post_op', 'post_op', 90],
      ['confirmation', 'appointment_reminder', 85], ['reactivation', 'reactivation', 20],
    ]);
  });

  it('reactivation makes at most 3 touches within 6 weeks; post-op escalates to clinical', () => {
    expect(defaultProgram('reactivation').cadence).toMatchObject({ maxTouches: 3, withinDays: 42 });
    expect(defaultProgram('post_op').cadence).toMatchObject({ steps: [{ channel: 'voice' }], whenExhausted: 'escalate_clinical' });
    expect(() => defaultProgram('nope')).toThrow('no default program "nope"');
  });
});

describe('validateProgram', () => {
  it('accepts a specialty program and fills defaults', () => {
    const result = validateProgram(valid);
    expect(result.ok && result.program).toMatchObject({ enabled: true, supersedes: [], templateKeys: {}, trigger: { useProcedureMap: false, appointmentTypes: [] } });
  });

  it.each([
    ['an unknown purpose', { ...valid, purpose: 'sales' }, 'purpose: Invalid option: expected one of "appointment_reminder"|"recall_due"|"reactivation"|"treatment_followup"|"post_op"|"promotion"|"billing" (given "sales"); allowed: "appointment_reminder", "recall_due", "reactivation", "treatment_followup", "post_op", "promotion", "billing"'],
    ['a lapsed window outside 12–36 months', { ...valid, trigger: { kind: 'lapsed', lapsedAfterMonths: 6 } }, 'trigger.lapsedAfterMonths: lapsed window must be 12 to 36 months (given 6)'],
    ['an urgency above 100', { ...valid, urgency: 150 }, 'urgency: Too big: expected number to be <=100 (given 150)'],
    ['a bad key', { ...valid, key: 'Eye Exam' }, 'key: use lower-case letters, digits and underscores, starting with a letter (e.g. "diabetic_eye_exam") (given "Eye Exam")'],
    ['a missing cadence', { ...valid, cadence: undefined }, 'cadence: Invalid input: expected object, received undefined (missing)'],
    ['a trigger with nothing to match', { ...valid, trigger: { kind: 'after_procedure', after: { days: 7 } } }, 'trigger.codes: a program needs trigger codes, appointment types or useProcedureMap: true, or it never applies to anyone (given none)'],
  ])('rejects %s, saying what is wrong, what was given and what is allowed', (_name, input, message) => {
    const result = validateProgram(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.message)).toContain(message);
  });

  it('names the allowed trigger kinds for an unknown kind', () => {
    const result = validateProgram({ ...valid, trigger: { kind: 'weekly', codes: {} } });
    expect(!result.ok && result.issues[0]?.message).toContain('allowed kinds: interval, planned_treatment, missed_visit, after_procedure, confirmation, lapsed, referral');
  });

  it('rejects duplicate keys across a set', () => {
    const result = validatePrograms([valid, valid]);
    expect(!result.ok && result.issues.map((i) => i.message)).toEqual(['key: "diagnostic_review" is used by two programs; keys must be unique']);
  });
});
