import { describe, expect, it } from 'vitest';
import { priorityOf, type PriorityInput, type PriorityReason } from '../../../src/domain/cases/index.js';

const now = new Date('2026-09-16T14:00:00Z');
const timeZone = 'America/New_York';
const reason = (programKey: string, urgency: number, dueOn = '2026-09-10', feeCents: number | null = null): PriorityReason => ({ programKey, urgency, dueOn, feeCents });
const score = (over: Partial<PriorityInput>) => priorityOf({ reasons: [], now, timeZone, contactableNow: true, ...over });

describe('priority with reasons', () => {
  it('orders callbacks due now, post-op, confirmation, missed visit, unscheduled treatment, perio, hygiene/exam, reactivation', () => {
    const ranked = [
      score({ reasons: [reason('reactivation', 20)], callbackAt: new Date('2026-09-16T13:30:00Z') }),
      score({ reasons: [reason('post_op', 90)] }),
      score({ reasons: [reason('confirmation', 85)] }),
      score({ reasons: [reason('missed_visit', 70)] }),
      score({ reasons: [reason('unscheduled_treatment', 60, '2026-09-10', 250_000)] }),
      score({ reasons: [reason('perio_maintenance', 50)] }),
      score({ reasons: [reason('hygiene', 40)] }),
      score({ reasons: [reason('reactivation', 20, '2025-01-01')] }),
    ].map((p) => p.score);
    expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
    expect(new Set(ranked).size).toBe(ranked.length);
  });

  it('explains the score in words, part by part', () => {
    const p = score({
      reasons: [reason('unscheduled_treatment', 60, '2026-09-04', 184_000), reason('hygiene', 40, '2026-09-02')],
      responsiveness: { attempts: 4, answered: 3 }, callbackAt: new Date('2026-09-16T13:30:00Z'),
    });
    expect(p.why).toBe('callback requested for 2026-09-16 09:30 is due; unscheduled treatment (urgency 60); also hygiene in the same contact; 14 days overdue (due 2026-09-02); $1,840 of planned treatment; answered 3 of 4 past touches; can be contacted now');
    expect(p.score).toBe(p.parts.reduce((s, x) => s + x.points, 0));
  });

  it('more days overdue and a larger planned fee rank higher within the same program', () => {
    expect(score({ reasons: [reason('hygiene', 40, '2026-08-01')] }).score).toBeGreaterThan(score({ reasons: [reason('hygiene', 40, '2026-09-10')] }).score);
    expect(score({ reasons: [reason('unscheduled_treatment', 60, '2026-09-10', 500_000)] }).score)
      .toBeGreaterThan(score({ reasons: [reason('unscheduled_treatment', 60, '2026-09-10', 10_000)] }).score);
  });

  it('a patient who answers ranks above one who never does', () => {
    const answers = score({ reasons: [reason('hygiene', 40)], responsiveness: { attempts: 3, answered: 3 } });
    const never = score({ reasons: [reason('hygiene', 40)], responsiveness: { attempts: 3, answered: 0 } });
    expect(answers.score).toBeGreaterThan(never.score);
    expect(never.why).toContain('answered 0 of 3 past touches');
  });

  it('a patient the gate blocks now sinks below everyone reachable and says until when', () => {
    const blocked = score({ reasons: [reason('post_op', 90)], contactableNow: false, nextContactAt: new Date('2026-09-16T17:00:00Z') });
    expect(blocked.score).toBeLessThan(score({ reasons: [reason('reactivation', 20)] }).score);
    expect(blocked.why).toContain('cannot be contacted until 2026-09-16 13:00');
  });

  it('one look at the booking link raises a case by 30 points within its band and says when', () => {
    const looked = score({ reasons: [reason('hygiene', 40)], linkOpenedAt: new Date('2026-09-15T20:10:00Z') });
    expect(looked.score - score({ reasons: [reason('hygiene', 40)] }).score).toBe(30);
    expect(looked.why).toContain('opened the booking link 2026-09-15 16:10');
    // A look recorded after the instant the list is read does not count.
    expect(score({ reasons: [reason('hygiene', 40)], linkOpenedAt: new Date('2026-09-16T15:00:00Z') }).why).not.toContain('booking link');
  });

  it('a callback set for later is not "due now"', () => {
    expect(score({ reasons: [reason('hygiene', 40)], callbackAt: new Date('2026-09-16T18:00:00Z') }).why).not.toContain('callback');
  });
});
