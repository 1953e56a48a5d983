/** The report's settings in the practice policy: defaults, a partial change over them, and every problem said. */
import { describe, expect, it } from 'vitest';
import { changePracticePolicy, defaultReportingPolicy, parsePracticePolicy } from '../../../src/domain/policy/index.js';
import { reachedOutcomes } from '../../../src/domain/reporting/index.js';

describe('reporting policy', () => {
  it('defaults to the issue\'s definitions: 14 days, 4 minutes a call, no hourly cost, three outcomes that do not reach', () => {
    const parsed = parsePracticePolicy({});
    expect(parsed.ok && parsed.policy.reporting).toEqual({
      attributionWindowDays: 14, staffMinutesPerCall: 4, hourlyStaffCostCents: null,
      unitCostCents: { sms: 1, email: 0, letter: 70, voice: 0 }, notReachedOutcomes: ['no_answer', 'left_message', 'wrong_number'],
    });
    expect(reachedOutcomes(defaultReportingPolicy)).toEqual([
      'scheduled', 'callback_requested', 'declined', 'needs_clinical_answer', 'needs_insurance_review', 'language_support_needed', 'escalated_to_clinical', 'not_ready', 'opted_out',
    ]);
  });

  it('stores a change under reporting, merging channel costs over what is stored', () => {
    const change = changePracticePolicy({ reporting: { unitCostCents: { sms: 2 } } }, { reporting: { hourlyStaffCostCents: 2_800, unitCostCents: { letter: 90 } } });
    expect(change).toMatchObject({ ok: true, next: { reporting: { hourlyStaffCostCents: 2_800, unitCostCents: { sms: 2, letter: 90 } } }, changed: ['reporting'] });
    const parsed = change.ok ? parsePracticePolicy(change.next) : null;
    expect(parsed?.ok && parsed.policy.reporting).toEqual({ ...defaultReportingPolicy, hourlyStaffCostCents: 2_800, unitCostCents: { sms: 2, email: 0, letter: 90, voice: 0 } });
  });

  it('refuses a window, a cost, a channel and an outcome that are not allowed, each with what is allowed', () => {
    const change = changePracticePolicy({}, { reporting: { attributionWindowDays: 0, unitCostCents: { fax: 3 }, notReachedOutcomes: ['busy'] } });
    expect(change.ok).toBe(false);
    if (change.ok) return;
    expect(change.issues.map((i) => i.message)).toEqual([
      'reporting.attributionWindowDays is 0: must be a whole number of days from 1 to 90',
      'reporting.unitCostCents.fax is 3: is not a channel; channels: sms, email, letter, voice',
      expect.stringMatching(/^reporting\.notReachedOutcomes\.0 is "busy": is not an outcome key; keys: scheduled, left_message, no_answer, /),
    ]);
    expect(changePracticePolicy({}, { reporting: 'cheap' })).toEqual({
      ok: false, issues: [{ path: 'reporting', value: 'cheap', message: 'reporting is "cheap"; allowed: an object with any of the report\'s settings' }],
    });
  });
});
