/**
 * The worklist's bands and active windows, given/when/then with a fixed clock: Tuesday 2026-11-24
 * 10:30 in Tampa (America/New_York).
 */
import { describe, expect, it } from 'vitest';
import { activeWindowEnd, isPastActiveWindow, rankingBandOf, workingLead, type BandInput } from '../../../src/domain/cases/index.js';
import { defaultRankingPolicy, type RankingPolicy } from '../../../src/domain/policy/index.js';

const zone = 'America/New_York';
const now = new Date('2026-11-24T15:30:00Z');
const bandOf = (over: Partial<BandInput>) => rankingBandOf({ reasons: [], callbackDue: false, engagement: null, now, timeZone: zone, policy: defaultRankingPolicy, ...over });
const reason = (programKey: string, dueOn: string) => ({ programKey, dueOn });

describe('rankingBandOf', () => {
  it.each([
    { given: 'a callback due now, on a case that is otherwise stale', over: { callbackDue: true, reasons: [reason('unscheduled_treatment', '2024-11-20')] }, band: 'callback_due', rank: 1, says: 'callback due now' },
    { given: 'a post-op check', over: { reasons: [reason('post_op', '2026-11-23'), reason('hygiene', '2026-01-01')] }, band: 'time_bound', rank: 2, says: 'time-bound: post op' },
    {
      given: 'a reply yesterday on a cleaning 300 days overdue', over: { reasons: [reason('hygiene', '2026-01-28')], engagement: { at: new Date('2026-11-23T20:00:00Z'), kind: 'reply' as const } },
      band: 'engaged_recently', rank: 3, says: 'engaged recently: replied yesterday',
    },
    {
      given: 'a call back 7 days ago (the last day that counts)', over: { reasons: [reason('hygiene', '2026-01-28')], engagement: { at: new Date('2026-11-17T15:30:00Z'), kind: 'call' as const } },
      band: 'engaged_recently', rank: 3, says: 'engaged recently: called back 7 days ago',
    },
    {
      given: 'a reply 8 days ago', over: { reasons: [reason('hygiene', '2026-01-28')], engagement: { at: new Date('2026-11-16T15:00:00Z'), kind: 'reply' as const } },
      band: 'rest', rank: 7, says: 'the rest, oldest last',
    },
    { given: 'a visit missed last week', over: { reasons: [reason('missed_visit', '2026-11-17')] }, band: 'missed_recently', rank: 4, says: 'missed or cancelled visit in the last 30 days (2026-11-17)' },
    { given: 'treatment presented 30 days ago', over: { reasons: [reason('unscheduled_treatment', '2026-10-25')] }, band: 'treatment_recent', rank: 5, says: 'treatment presented in the last 30 days (2026-10-25)' },
    { given: 'treatment presented 31 days ago', over: { reasons: [reason('unscheduled_treatment', '2026-10-24')] }, band: 'rest', rank: 7, says: 'the rest, oldest last' },
    { given: 'a cleaning due in 30 days', over: { reasons: [reason('hygiene', '2026-12-24')] }, band: 'recall_window', rank: 6, says: 'hygiene due within ±30 days (2026-12-24)' },
    { given: 'perio maintenance 30 days overdue', over: { reasons: [reason('perio_maintenance', '2026-10-25')] }, band: 'recall_window', rank: 6, says: 'perio maintenance due within ±30 days (2026-10-25)' },
    { given: 'a cleaning 31 days overdue', over: { reasons: [reason('hygiene', '2026-10-24')] }, band: 'rest', rank: 7, says: 'the rest, oldest last' },
    { given: 'a lapsed patient (reactivation never goes stale)', over: { reasons: [reason('reactivation', '2023-01-01')] }, band: 'rest', rank: 7, says: 'the rest, oldest last' },
    {
      given: 'treatment presented 91 days ago (its 90-day window ended yesterday)', over: { reasons: [reason('unscheduled_treatment', '2026-08-25')] },
      band: 'past_window', rank: 8, says: 'past its active window (unscheduled treatment: 90 days after 2026-08-25): worked as reactivation',
    },
    {
      given: 'a cleaning due 12 months and a day ago, and treatment presented two years ago', over: { reasons: [reason('hygiene', '2025-11-23'), reason('unscheduled_treatment', '2024-11-20')] },
      band: 'past_window', rank: 8, says: 'past its active window (hygiene: 12 months after 2025-11-23): worked as reactivation',
    },
    {
      given: 'stale treatment beside a fresh cleaning due next week: the fresh item decides', over: { reasons: [reason('unscheduled_treatment', '2024-11-20'), reason('hygiene', '2026-12-01')] },
      band: 'recall_window', rank: 6, says: 'hygiene due within ±30 days (2026-12-01)',
    },
    {
      given: 'a missed visit 40 days ago that is also stale treatment: neither recent band, and not stale as a whole', over: { reasons: [reason('missed_visit', '2026-10-15'), reason('unscheduled_treatment', '2024-11-20')] },
      band: 'rest', rank: 7, says: 'the rest, oldest last',
    },
  ])('given $given, then the case is in band $rank ($band)', ({ over, band, rank, says }) => {
    expect(bandOf(over)).toEqual({ key: band, rank, reason: says });
  });

  it('when a manager puts recall due now above fresh treatment, then a case with both is in the recall band, ranked by the new order', () => {
    const order: RankingPolicy['order'] = ['callback_due', 'time_bound', 'engaged_recently', 'recall_window', 'missed_recently', 'treatment_recent', 'rest', 'past_window'];
    const policy = { ...defaultRankingPolicy, order };
    const reasons = [reason('unscheduled_treatment', '2026-11-20'), reason('hygiene', '2026-11-24')];
    expect(bandOf({ reasons })).toMatchObject({ key: 'treatment_recent', rank: 5 });
    expect(bandOf({ reasons, policy })).toMatchObject({ key: 'recall_window', rank: 4 });
  });

  it('when a manager shortens the treatment window to 30 days, then treatment presented 45 days ago is worked as reactivation', () => {
    const policy = { ...defaultRankingPolicy, activeWindows: { ...defaultRankingPolicy.activeWindows, unscheduled_treatment: { days: 30 } } };
    const reasons = [reason('unscheduled_treatment', '2026-10-10')];
    expect(bandOf({ reasons }).key).toBe('rest');
    expect(bandOf({ reasons, policy }).key).toBe('past_window');
  });

  it('a reply after the instant the list is read does not count (a list read for an earlier moment)', () => {
    expect(bandOf({ reasons: [reason('hygiene', '2026-01-28')], engagement: { at: new Date('2026-11-24T16:00:00Z'), kind: 'reply' } }).key).toBe('rest');
  });
});

describe('active windows', () => {
  it('end 90 days after presentation for treatment, 12 calendar months after the due date for recall, never for programs without one', () => {
    expect(activeWindowEnd(reason('unscheduled_treatment', '2026-08-25'), defaultRankingPolicy)).toBe('2026-11-23');
    expect(activeWindowEnd(reason('hygiene', '2025-02-28'), defaultRankingPolicy)).toBe('2026-02-28');
    expect(activeWindowEnd(reason('missed_visit', '2020-01-01'), defaultRankingPolicy)).toBeNull();
    expect(isPastActiveWindow(reason('unscheduled_treatment', '2026-08-25'), '2026-11-23', defaultRankingPolicy)).toBe(false);
    expect(isPastActiveWindow(reason('unscheduled_treatment', '2026-08-25'), '2026-11-24', defaultRankingPolicy)).toBe(true);
  });

  it('the most urgent fresh item leads the contact; when every item is stale, the reactivation program works the most urgent one', () => {
    const has = () => true;
    const treatment = { programKey: 'unscheduled_treatment', dueOn: '2024-11-20', urgency: 60 };
    const hygiene = { programKey: 'hygiene', dueOn: '2026-11-01', urgency: 40 };
    expect(workingLead([treatment, hygiene], '2026-11-24', defaultRankingPolicy, has)).toEqual({ item: hygiene, programKey: 'hygiene', pastWindow: false });
    const staleHygiene = { ...hygiene, dueOn: '2025-01-10' };
    expect(workingLead([staleHygiene, treatment], '2026-11-24', defaultRankingPolicy, has)).toEqual({ item: treatment, programKey: 'reactivation', pastWindow: true });
    // A practice without a reactivation program keeps the item's own program rather than naming one that does not exist.
    expect(workingLead([treatment], '2026-11-24', defaultRankingPolicy, (key) => key !== 'reactivation')).toEqual({ item: treatment, programKey: 'unscheduled_treatment', pastWindow: true });
    expect(workingLead([], '2026-11-24', defaultRankingPolicy, has)).toBeNull();
  });
});
