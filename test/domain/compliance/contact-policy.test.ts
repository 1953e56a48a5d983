import { describe, expect, it } from 'vitest';
import { defaultPolicy, strictPolicy, validatePolicy } from '../../../src/domain/compliance/index.js';

describe('contact policy', () => {
  it('the default is strict mode with the JSON enginePolicyDefaults numbers', () => {
    expect(defaultPolicy).toBe(strictPolicy);
    expect(strictPolicy).toMatchObject({
      maxAutomatedTouchesPerLocalDay: 1, maxAutomatedTouchesPerRolling7Days: 3, smsHandoffCutoffMinutes: 15,
      sundayHolidayBansForAppointmentReminders: { apply: true }, adoptUnverifiedLeads: true, unreviewedHolidayCalendars: 'block',
      maxTouchesPerProgramPer7Days: 1, programCapExemptPurposes: ['appointment_reminder', 'post_op'],
    });
    const v = validatePolicy(undefined);
    expect(v).toEqual({ ok: true, policy: { ...strictPolicy } });
  });

  it('accepts changes within the law and fills the rest from the defaults', () => {
    const v = validatePolicy({ smsHandoffCutoffMinutes: 30, holidayCalendarReviews: { UT: [2026] }, proclamationDays: { LA: ['2026-12-24'] } });
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.policy).toMatchObject({ smsHandoffCutoffMinutes: 30, maxAutomatedTouchesPerLocalDay: 1, holidayCalendarReviews: { UT: [2026] } });
  });

  it.each([
    [{ maxAutomatedTouchesPerLocalDay: 2 }, 'maxAutomatedTouchesPerLocalDay', 'maxAutomatedTouchesPerLocalDay is 2; at most 1 is allowed'],
    [{ maxAutomatedTouchesPerRolling7Days: 5 }, 'maxAutomatedTouchesPerRolling7Days', 'is 5; at most 3 is allowed'],
    [{ sundayHolidayBansForAppointmentReminders: { apply: false, approvedBy: ' ' } }, 'sundayHolidayBansForAppointmentReminders.approvedBy', 'needs the name of the approver'],
    [{ smsHandoffCutoffMinutes: -5 }, 'smsHandoffCutoffMinutes', 'given -5'],
    [{ holidayCalendarReviews: { XX: [2026] } }, 'XX', 'holiday calendar "XX" does not exist; allowed: US-FEDERAL, AL, LA, PA, RI, UT'],
    [{ proclamationDays: { LA: ['2026-02-30'] } }, 'proclamationDays.LA.0', 'expected a date YYYY-MM-DD'],
    [{ defaultObservedShift: 'weekends move' }, 'defaultObservedShift', 'is not a shift rule'],
    [{ unknownSetting: true }, '', 'unknownSetting'],
  ])('refuses %j', (given, path, message) => {
    const v = validatePolicy(given);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.issues.map((i) => i.path)).toContain(path);
      expect(v.issues.map((i) => i.message).join('\n')).toContain(message);
    }
  });

  it('refuses a policy that is not an object', () => {
    expect(validatePolicy('strict')).toEqual({ ok: false, issues: [{ path: '(policy)', value: 'strict', message: 'the policy must be an object of settings' }] });
  });
});
