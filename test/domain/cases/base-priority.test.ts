/** The stored part of a case's score: the same arithmetic as priorityOf, counted as on the due day. */
import { describe, expect, it } from 'vitest';
import { basePriority, callbackPoints } from '../../../src/domain/cases/index.js';
import { item } from './case-fixtures.js';
import { now, planningContext, zone } from './planning-fixtures.js';

const context = planningContext();

describe('basePriority', () => {
  it.each([
    { name: 'no open reason', open: [], callbackAt: null, priority: 0, why: null },
    {
      name: 'an overdue cleaning counts as due today (the worklist adds the days overdue)', open: [item('hygiene', { dueOn: '2026-09-02' })], callbackAt: null,
      priority: 400, why: 'Hygiene recall (urgency 40); due today; can be contacted now',
    },
    {
      name: 'a cleaning due later says when', open: [item('hygiene', { dueOn: '2026-09-30' })], callbackAt: null,
      priority: 400, why: 'Hygiene recall (urgency 40); due 2026-09-30; can be contacted now',
    },
    {
      name: 'the most urgent reason leads; another reason and the planned fee add points',
      open: [item('hygiene', { dueOn: '2026-09-02' }), item('unscheduled_treatment', { urgency: 60, dueOn: '2026-09-04', feeCents: 184_000 })], callbackAt: null,
      // 60 × 10 + 10 for the second reason + round(log10(1 + 1840) × 25) = 82
      priority: 692, why: 'Unscheduled treatment (urgency 60); also Hygiene recall in the same contact; due today; $1,840 of planned treatment; can be contacted now',
    },
    {
      name: 'a callback lifts the stored score above every band', open: [item('reactivation', { urgency: 20, dueOn: '2026-09-02' })],
      callbackAt: new Date('2026-09-17T14:00:00Z'), priority: 200 + callbackPoints, why: 'Reactivation (urgency 20); due today; can be contacted now',
    },
  ])('$name', ({ open, callbackAt, priority, why }) => {
    expect(basePriority(open, callbackAt, zone, now, context)).toEqual({ priority, why });
  });
});
