/** The randomized holdout in the practice's policy document: read over "off", changed per program, refused outside 5–10%. */
import { describe, expect, it } from 'vitest';
import { changePracticePolicy, parsePracticePolicy } from '../../../src/domain/policy/index.js';

describe('the holdout in the practice policy', () => {
  it('is off for every program when nothing is stored, and reads the stored shares', () => {
    const none = parsePracticePolicy({});
    expect(none.ok && none.policy.holdout).toEqual({});
    const some = parsePracticePolicy({ holdout: { hygiene: 0.05, periodic_exam: 0.1 } });
    expect(some.ok && some.policy.holdout).toEqual({ hygiene: 0.05, periodic_exam: 0.1 });
  });

  it('refuses a stored share outside 5–10% or a bad program key, saying where, what and what is allowed', () => {
    const parsed = parsePracticePolicy({ holdout: { hygiene: 0.5, 'Bad Key': 0.05 } });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.holdoutIssues).toEqual([
      { path: 'holdout.hygiene', value: 0.5, message: 'holdout.hygiene is 0.5: must be a share from 0.05 to 0.1 (5%–10%), or null to switch the holdout off' },
      { path: 'holdout.Bad Key', value: 'Bad Key', message: 'holdout.Bad Key is "Bad Key": must be a program key (lower-case letters, digits and underscores)' },
    ]);
    expect(parsed.rankingIssues).toEqual([]);
  });

  it('merges a change per program over the stored shares; null switches one off; other settings stay', () => {
    const change = changePracticePolicy({ smsHandoffCutoffMinutes: 30, holdout: { hygiene: 0.05, periodic_exam: 0.07 } }, { holdout: { hygiene: 0.1, periodic_exam: null } });
    expect(change).toEqual({ ok: true, next: { smsHandoffCutoffMinutes: 30, holdout: { hygiene: 0.1 } }, changed: ['holdout'], values: { holdout: { hygiene: 0.1, periodic_exam: null } } });
  });

  it('refuses a share just outside the bounds, keeping the bounds themselves', () => {
    expect(changePracticePolicy({}, { holdout: { hygiene: 0.05 } }).ok).toBe(true);
    expect(changePracticePolicy({}, { holdout: { hygiene: 0.1 } }).ok).toBe(true);
    for (const share of [0.049, 0.101, 0, -0.05]) {
      const change = changePracticePolicy({}, { holdout: { hygiene: share } });
      expect(change).toEqual({ ok: false, issues: [{ path: 'holdout.hygiene', value: share, message: `holdout.hygiene is ${share}: must be a share from 0.05 to 0.1 (5%–10%), or null to switch the holdout off` }] });
    }
  });
});
