/** How much history a plan reads one row at a time. */
import { describe, expect, it } from 'vitest';
import { completedDetailSince, defaultPrograms, triggerAppointmentTypes, validateProgram, type RecallProgram } from '../../../src/domain/recall/index.js';

const now = new Date('2026-09-16T14:00:00Z');
const program = (over: Record<string, unknown>): RecallProgram => {
  const result = validateProgram({ ...defaultPrograms.find((p) => p.key === 'hygiene'), ...over });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.program;
};
const postOp = defaultPrograms.find((p) => p.key === 'post_op') as RecallProgram;
const hygiene = defaultPrograms.find((p) => p.key === 'hygiene') as RecallProgram;

describe('completedDetailSince', () => {
  it.each([
    { name: 'no after-procedure program: three days of slack only', programs: [hygiene], since: '2026-09-13' },
    // post-op: 1 day after the procedure + outreach from day 0 to day 2 = 3 days, plus 3 of slack
    { name: 'the default post-op check looks back its trigger delay and outreach window', programs: defaultPrograms, since: '2026-09-10' },
    { name: 'an after-procedure program without an end needs every completed procedure', programs: [{ ...postOp, outreach: { ...postOp.outreach, end: null } }], since: null },
  ])('$name', ({ programs, since }) => {
    expect(completedDetailSince(programs, now)).toBe(since);
  });
});

describe('triggerAppointmentTypes', () => {
  it.each([
    { name: 'the default programs trigger on no appointment type', programs: defaultPrograms, types: [] },
    {
      name: 'types are trimmed, lower-cased and listed once',
      programs: [program({ key: 'recall_visit', trigger: { ...hygiene.trigger, appointmentTypes: [' Recall Visit ', 'recall visit', 'Prophy'] } })],
      types: ['recall visit', 'prophy'],
    },
  ])('$name', ({ programs, types }) => {
    expect(triggerAppointmentTypes(programs)).toEqual(types);
  });
});
