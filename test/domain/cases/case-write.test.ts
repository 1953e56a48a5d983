/** The case row the planner writes for a merged plan, or nothing when the stored row already says it. */
import { describe, expect, it } from 'vitest';
import { caseWrite, mergeIntoCase, type StoredCase } from '../../../src/domain/cases/index.js';
import { attemptChannels } from '../../../src/domain/compliance/index.js';
import type { DueItem } from '../../../src/domain/recall/index.js';
import { item } from './case-fixtures.js';
import { now, planningContext, storedCase } from './planning-fixtures.js';

const context = planningContext();
const hygiene = item('hygiene');
const writeFor = (items: DueItem[], current: StoredCase | null) => caseWrite(mergeIntoCase({ patientId: 7, items, current, closedAnchors: [], now }), current, 1, context, now, () => attemptChannels);

/** The stored case exactly as the planner would write it for a cleaning due on 2026-09-02. */
const asWritten = (over: Partial<StoredCase> = {}) => storedCase({
  reasonAnchors: ['hygiene@2026-03-02'], programKeys: ['hygiene'], leadProgramKey: 'hygiene', dueOn: '2026-09-02', nextStep: 'call', nextChannel: 'voice',
  nextActionAt: now, priority: 400, priorityWhy: 'Hygiene recall (urgency 40); due today; can be contacted now', outreachStartsAt: hygiene.outreachStartsAt, ...over,
});

describe('caseWrite', () => {
  it.each([
    { name: 'nothing open and no case: nothing to write', items: [], current: null },
    { name: 'a closed case with nothing new: nothing to write', items: [], current: storedCase({ state: 'closed', closedReason: 'declined', nextActionAt: null }) },
    { name: 'a stored case that already says everything: nothing to write', items: [hygiene], current: asWritten() },
    { name: 'a stored next channel (a text step) is kept while the cadence goes on', items: [hygiene], current: asWritten({ nextChannel: 'sms', nextStep: 'text message' }) },
  ])('$name', ({ items, current }) => {
    expect(writeFor(items, current)).toBeNull();
  });

  it('a new case starts its lead program\'s cadence at the next office hour, with its stored score and why', () => {
    expect(writeFor([hygiene], null)).toEqual({
      id: null, expectedUpdatedAt: null, restartsCadence: false, patientId: 7, locationId: 1, state: 'open', ownerUserId: null, ownerQueue: null, nextStep: 'call', nextChannel: 'voice',
      nextActionAt: now, priority: 400, priorityWhy: 'Hygiene recall (urgency 40); due today; can be contacted now', cadenceStep: 0, closedReason: null, closedAt: null,
      openedAt: now, reasonAnchors: ['hygiene@2026-03-02'], programKeys: ['hygiene'], leadProgramKey: 'hygiene', dueOn: '2026-09-02',
      outreachStartsAt: hygiene.outreachStartsAt, outreachEndsAt: null,
    });
  });

  it.each([
    { name: 'a stored score from older rules', over: { priority: 380 }, changed: { priority: 400 } },
    { name: 'another office', over: { locationId: 2 }, changed: { locationId: 1 } },
  ])('an unchanged plan over $name is written again, guarded by the updated_at it read', ({ over, changed }) => {
    const current = asWritten(over);
    expect(writeFor([hygiene], current)).toMatchObject({ id: 51, expectedUpdatedAt: current.updatedAt, ...changed });
  });

  it('closing a case keeps its lead program and due date, and clears the next channel', () => {
    expect(writeFor([], asWritten())).toMatchObject({ id: 51, state: 'closed', closedReason: 'no_open_reasons', nextChannel: null, nextStep: null, leadProgramKey: 'hygiene', dueOn: '2026-09-02', priority: 0, priorityWhy: null });
  });

  it('a new case\'s first step is on a channel the gate would allow: calls blocked (an opted-out number) skip to the text or email step', () => {
    const asked: { purpose: string; programKey: string }[] = [];
    const write = caseWrite(mergeIntoCase({ patientId: 7, items: [hygiene], current: null, closedAnchors: [], now }), null, 1, context, now, (touch) => {
      asked.push(touch);
      return ['email'];
    });
    expect(asked).toEqual([{ purpose: 'recall_due', programKey: 'hygiene' }]);
    // The case is on that step (index 2), so the touch that follows it is the step after it, not the same one again.
    expect(write).toMatchObject({ nextStep: 'text or email', nextChannel: 'email', cadenceStep: 2 });
  });

  it('a new case with no channel the gate would allow names no channel: a person reviews the contact details', () => {
    const write = caseWrite(mergeIntoCase({ patientId: 7, items: [hygiene], current: null, closedAnchors: [], now }), null, 1, context, now, () => []);
    expect(write).toMatchObject({ state: 'open', nextStep: 'review contact details', nextChannel: null });
  });

  it('a callback keeps its time and adds the callback points to the stored score', () => {
    const callbackAt = new Date('2026-09-17T18:00:00Z');
    expect(writeFor([hygiene], asWritten({ state: 'waiting', nextStep: 'callback', nextActionAt: callbackAt, ownerUserId: 4 }))).toMatchObject({
      state: 'waiting', nextStep: 'callback', nextActionAt: callbackAt, ownerUserId: 4, priority: 10_400,
    });
  });
});

describe('caseWrite: work past its active window is worked as reactivation', () => {
  // Treatment presented on 2026-06-01: its 90-day window ended on 2026-08-30, before `now` (2026-09-16).
  const staleTreatment = item('unscheduled_treatment', { anchor: 'unscheduled_treatment@2026-06-01', dueOn: '2026-06-01', urgency: 60, purpose: 'treatment_followup', outreachStartsAt: new Date('2026-06-08T04:00:00Z') });
  const onTreatmentCadence = (over: Partial<StoredCase> = {}) => storedCase({
    reasonAnchors: [staleTreatment.anchor], programKeys: ['unscheduled_treatment'], leadProgramKey: 'unscheduled_treatment', dueOn: '2026-06-01',
    nextStep: 'call (day 14)', nextChannel: 'voice', cadenceStep: 1, nextActionAt: now, outreachStartsAt: staleTreatment.outreachStartsAt, ...over,
  });

  it('given a new case whose only item is stale, then the reactivation program leads it with its gentle first call', () => {
    expect(writeFor([staleTreatment], null)).toMatchObject({ leadProgramKey: 'reactivation', programKeys: ['unscheduled_treatment'], nextStep: 'gentle call', cadenceStep: 0, nextChannel: 'voice' });
  });

  it('given an open case on the treatment cadence, when its item goes stale, then it starts the reactivation cadence from its first touch', () => {
    expect(writeFor([staleTreatment], onTreatmentCadence())).toMatchObject({ id: 51, leadProgramKey: 'reactivation', nextStep: 'gentle call', cadenceStep: 0 });
  });

  it('a callback the patient asked for is kept when the work goes stale; the touch after it is the reactivation cadence\'s first', () => {
    expect(writeFor([staleTreatment], onTreatmentCadence({ nextStep: 'callback' }))).toMatchObject({ leadProgramKey: 'reactivation', nextStep: 'callback', cadenceStep: 0, restartsCadence: true });
  });

  it('given a case waiting for its third treatment call, when the work goes stale, then the reactivation cadence starts at its gentle call and keeps the later time', () => {
    const later = new Date('2026-09-20T14:00:00Z');
    const write = writeFor([staleTreatment], onTreatmentCadence({ state: 'waiting', cadenceStep: 2, nextStep: 'final call (day 30)', nextActionAt: later }));
    expect(write).toMatchObject({ state: 'waiting', leadProgramKey: 'reactivation', nextStep: 'gentle call', cadenceStep: 0, restartsCadence: true, nextActionAt: later });
  });

  it('given a case worked as reactivation at its last step, when a cleaning comes due, then the hygiene cadence starts from its first call', () => {
    const current = onTreatmentCadence({ leadProgramKey: 'reactivation', nextStep: 'final call', cadenceStep: 2, reasonAnchors: [staleTreatment.anchor, hygiene.anchor] });
    expect(writeFor([staleTreatment, hygiene], current)).toMatchObject({ leadProgramKey: 'hygiene', nextStep: 'call', cadenceStep: 0, restartsCadence: true });
  });

  it('an unchanged lead keeps the cadence where it is (nothing restarts)', () => {
    expect(writeFor([staleTreatment], onTreatmentCadence({ leadProgramKey: 'reactivation', nextStep: 'text or email', nextChannel: 'sms', cadenceStep: 1 }))).toMatchObject({ restartsCadence: false, cadenceStep: 1 });
  });

  it('a practice that turned the reactivation program off keeps stale work on its own program', () => {
    const programs = planningContext().programByKey;
    const off = { ...planningContext(), programByKey: new Map([...programs].map(([key, p]) => [key, key === 'reactivation' ? { ...p, program: { ...p.program, enabled: false } } : p])) };
    const write = caseWrite(mergeIntoCase({ patientId: 7, items: [staleTreatment], current: null, closedAnchors: [], now }), null, 1, off, now, () => attemptChannels);
    expect(write).toMatchObject({ leadProgramKey: 'unscheduled_treatment', nextStep: 'call (day 7)' });
  });

  it('a case already worked as reactivation stays on its step', () => {
    const current = onTreatmentCadence({ leadProgramKey: 'reactivation', nextStep: 'text or email', nextChannel: 'sms', cadenceStep: 1 });
    expect(writeFor([staleTreatment], current)).toMatchObject({ leadProgramKey: 'reactivation', nextStep: 'text or email', cadenceStep: 1 });
  });

  it('a fresh item beside the stale one leads the case with its own program', () => {
    expect(writeFor([staleTreatment, hygiene], null)).toMatchObject({ leadProgramKey: 'hygiene', nextStep: 'call' });
  });
});
