/** The worklist's order as policy data: defaults, edits merged over what is stored, and bad edits refused with what was given and what is allowed. */
import { describe, expect, it } from 'vitest';
import { changePracticePolicy, defaultRankingPolicy, parsePracticePolicy, rankingBands } from '../../../src/domain/policy/index.js';

describe('ranking policy', () => {
  it('nothing stored: the default order, from callbacks to stale work', () => {
    const parsed = parsePracticePolicy({});
    expect(parsed.ok && parsed.policy.ranking.order).toEqual([
      'callback_due', 'time_bound', 'engaged_recently', 'missed_recently', 'treatment_recent', 'recall_window', 'rest', 'past_window',
    ]);
    expect(parsed.ok && parsed.policy.ranking.activeWindows).toEqual({
      unscheduled_treatment: { days: 90 }, hygiene: { months: 12 }, perio_maintenance: { months: 12 }, periodic_exam: { months: 12 },
    });
  });

  it('an edit is merged over the stored ranking and keeps the other settings', () => {
    const change = changePracticePolicy({ smsHandoffCutoffMinutes: 20, ranking: { engagedWithinDays: 5 } }, { ranking: { presentedWithinDays: 45 } });
    expect(change).toEqual({
      ok: true, next: { smsHandoffCutoffMinutes: 20, ranking: { engagedWithinDays: 5, presentedWithinDays: 45 } },
      changed: ['ranking'], values: { ranking: { presentedWithinDays: 45 } },
    });
    const parsed = change.ok ? parsePracticePolicy(change.next) : null;
    expect(parsed?.ok && parsed.policy.ranking).toEqual({ ...defaultRankingPolicy, engagedWithinDays: 5, presentedWithinDays: 45 });
  });

  it('active windows merge per program over the stored or default ones; null means never stale', () => {
    const change = changePracticePolicy({}, { ranking: { activeWindows: { hygiene: { months: 18 }, periodic_exam: null } } });
    const parsed = change.ok ? parsePracticePolicy(change.next) : null;
    expect(parsed?.ok && parsed.policy.ranking.activeWindows).toEqual({ unscheduled_treatment: { days: 90 }, hygiene: { months: 18 }, perio_maintenance: { months: 12 } });
  });

  it.each([
    {
      name: 'an order that puts stale work above the rest', ranking: { order: [...rankingBands.slice(0, 6), 'past_window', 'rest'] },
      issues: [{ path: 'ranking.order', message: `ranking.order is ${JSON.stringify([...rankingBands.slice(0, 6), 'past_window', 'rest'])}: must end with "past_window": work past its active window always ranks below fresh work` }],
    },
    {
      name: 'an order that leaves a band out', ranking: { order: rankingBands.filter((b) => b !== 'rest') },
      issues: [{ path: 'ranking.order', message: `ranking.order is ${JSON.stringify(rankingBands.filter((b) => b !== 'rest'))}: must name every band once: ${rankingBands.join(', ')}` }],
    },
    {
      name: 'a band that does not exist', ranking: { order: ['vip', ...rankingBands.slice(1)] },
      issues: [{ path: 'ranking.order.0', message: `ranking.order.0 is "vip": is not a band; allowed: ${rankingBands.map((b) => `"${b}"`).join(', ')}` }],
    },
    {
      name: 'an active window of zero days', ranking: { activeWindows: { hygiene: { days: 0 } } },
      issues: [{ path: 'ranking.activeWindows.hygiene.days', message: 'ranking.activeWindows.hygiene.days is 0: must be a whole number of days from 1 to 3650' }],
    },
    {
      name: 'a day window past a year', ranking: { recallWithinDays: 400 },
      issues: [{ path: 'ranking.recallWithinDays', message: 'ranking.recallWithinDays is 400: must be a whole number of days from 1 to 365' }],
    },
    {
      name: 'an unknown setting', ranking: { vipFirst: true },
      issues: [{ path: 'ranking.vipFirst', message: `ranking.vipFirst is true: is not a setting of the worklist order; allowed: ${Object.keys(defaultRankingPolicy).join(', ')}` }],
    },
    {
      name: 'an active window in weeks', ranking: { activeWindows: { hygiene: { weeks: 10 } } },
      issues: [{ path: 'ranking.activeWindows.hygiene', message: 'ranking.activeWindows.hygiene is {"weeks":10}: must be { "days": 1–3650 } or { "months": 1–120 }' }],
    },
    { name: 'a list instead of an object', ranking: ['rest'], issues: [{ path: 'ranking', message: 'ranking is ["rest"]; allowed: an object with any of the ranking policy\'s fields' }] },
  ])('refuses $name, saying what was given and what is allowed', ({ ranking, issues }) => {
    const change = changePracticePolicy({}, { ranking });
    expect(change.ok).toBe(false);
    expect(change.ok ? [] : change.issues.map((i) => ({ path: i.path, message: i.message }))).toEqual(issues);
  });
});
