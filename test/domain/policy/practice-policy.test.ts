/** The practice's policy document: one schema for reading it and one rule for changing it. */
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../src/domain/compliance/index.js';
import { changePracticePolicy, defaultRankingPolicy, defaultReportingPolicy, parsePracticePolicy, snoozeDaysRange } from '../../../src/domain/policy/index.js';

describe('parsePracticePolicy', () => {
  it.each([
    { name: 'nothing stored: the strict defaults', stored: {}, contact: defaultPolicy, recall: { claimMinutes: 30, callbackHandoffHours: 2 } },
    {
      name: 'stored settings over the defaults', stored: { smsHandoffCutoffMinutes: 30, recall: { softDeclineSnoozeDays: 40, claimMinutes: 15, somethingElse: true } },
      contact: { ...defaultPolicy, smsHandoffCutoffMinutes: 30 }, recall: { softDeclineSnoozeDays: 40, claimMinutes: 15, callbackHandoffHours: 2 },
    },
  ])('$name', ({ stored, contact, recall }) => {
    expect(parsePracticePolicy(stored)).toEqual({ ok: true, policy: { contact, recall, ranking: defaultRankingPolicy, reporting: defaultReportingPolicy, holdout: {} } });
  });

  it.each([
    {
      name: 'a snooze outside 30–60 days', stored: { recall: { softDeclineSnoozeDays: 90 } },
      recallIssues: [{ path: 'policy.recall.softDeclineSnoozeDays', value: 90, message: 'must be a whole number from 30 to 60' }], contactPaths: [],
    },
    {
      name: 'a claim time that is not a whole number, and a hand-off of zero hours', stored: { recall: { claimMinutes: 2.5, callbackHandoffHours: 0 } },
      recallIssues: [
        { path: 'policy.recall.claimMinutes', value: 2.5, message: 'must be a whole number from 1 to 480' },
        { path: 'policy.recall.callbackHandoffHours', value: 0, message: 'must be a whole number from 1 to 48' },
      ],
      contactPaths: [],
    },
    {
      name: 'settings that are not an object', stored: { recall: 'often' },
      recallIssues: [{ path: 'policy.recall', value: 'often', message: 'must be an object of settings' }], contactPaths: [],
    },
    { name: 'a contact cap past the legal ceiling', stored: { maxAutomatedTouchesPerLocalDay: 2 }, recallIssues: [], contactPaths: ['maxAutomatedTouchesPerLocalDay'] },
  ])('refuses $name, saying what was given and what is allowed', ({ stored, recallIssues, contactPaths }) => {
    const parsed = parsePracticePolicy(stored);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.recallIssues).toEqual(recallIssues);
    expect(parsed.contactIssues.map((i) => i.path)).toEqual(contactPaths);
  });
});

describe('changePracticePolicy', () => {
  it('stores the changed contact settings at the top level and the snooze under recall, keeping what it does not change', () => {
    const change = changePracticePolicy({ smsHandoffCutoffMinutes: 20, recall: { claimMinutes: 15 } }, { maxAutomatedTouchesPerRolling7Days: 2, snoozeDays: 40 });
    expect(change).toEqual({
      ok: true, next: { smsHandoffCutoffMinutes: 20, maxAutomatedTouchesPerRolling7Days: 2, recall: { claimMinutes: 15, softDeclineSnoozeDays: 40 } },
      changed: ['maxAutomatedTouchesPerRolling7Days', 'snoozeDays'], values: { maxAutomatedTouchesPerRolling7Days: 2, snoozeDays: 40 },
    });
  });

  it.each([
    { snoozeDays: snoozeDaysRange.min - 1 }, { snoozeDays: snoozeDaysRange.max + 1 }, { snoozeDays: 45.5 }, { snoozeDays: '45' },
  ])('refuses a snooze of $snoozeDays days with the allowed range', ({ snoozeDays }) => {
    expect(changePracticePolicy({}, { snoozeDays })).toEqual({
      ok: false, issues: [{ path: 'snoozeDays', value: snoozeDays, message: `snoozeDays is ${JSON.stringify(snoozeDays)}; allowed: a whole number of days from 30 to 60` }],
    });
  });

  it.each([{ snoozeDays: 30 }, { snoozeDays: 60 }])('accepts a snooze of $snoozeDays days (the bounds are inclusive)', ({ snoozeDays }) => {
    expect(changePracticePolicy({}, { snoozeDays })).toMatchObject({ ok: true, next: { recall: { softDeclineSnoozeDays: snoozeDays } } });
  });

  it('refuses a change below the legal floor with every problem listed', () => {
    const change = changePracticePolicy({}, { maxAutomatedTouchesPerRolling7Days: 5, snoozeDays: 90 });
    expect(change.ok).toBe(false);
    if (change.ok) return;
    expect(change.issues.map((i) => i.path)).toEqual(['snoozeDays', 'maxAutomatedTouchesPerRolling7Days']);
    expect(change.issues[1]?.message).toContain('maxAutomatedTouchesPerRolling7Days is 5; at most 3 is allowed');
  });
});
