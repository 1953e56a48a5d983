import { describe, expect, it } from 'vitest';
import { canTransition, isActionable, mergeIntoCase, transition } from '../../../src/domain/cases/index.js';
import { defaultPrograms, evaluatePatient } from '../../../src/domain/recall/index.js';
import { appointment, completed, history, zone } from '../recall/recall-fixtures.js';
import { caseRecord, item } from './case-fixtures.js';

const now = new Date('2026-09-16T14:00:00Z');

describe('merging due items into one case per patient', () => {
  it('given hygiene and exam due, when merged, then one case holds both reasons, most urgent first', () => {
    const plan = mergeIntoCase({ patientId: 7, items: [item('periodic_exam', { urgency: 38 }), item('hygiene')], current: null, now });
    expect(plan.action).toBe('open');
    expect(plan.case).toMatchObject({ id: null, state: 'open', reasonAnchors: ['hygiene@2026-03-02', 'periodic_exam@2026-03-02'], nextActionAt: now });
    expect(plan.leadProgramKey).toBe('hygiene');
    expect(plan.summary).toBe('opened with hygiene, periodic_exam');
  });

  it('a new reason joins the existing open case instead of opening a second one', () => {
    const current = caseRecord({ reasonAnchors: ['hygiene@2026-03-02'] });
    const plan = mergeIntoCase({ patientId: 7, items: [item('hygiene'), item('post_op', { anchor: 'post_op@2026-09-15', urgency: 90 })], current, now });
    expect(plan).toMatchObject({ action: 'update', leadProgramKey: 'post_op', case: { id: 1, reasonAnchors: ['post_op@2026-09-15', 'hygiene@2026-03-02'] } });
  });

  it('a new reason wakes a snoozed case; the same reasons leave it snoozed', () => {
    const snoozed = caseRecord({ state: 'snoozed', nextActionAt: new Date('2026-10-31T12:00:00Z'), reasonAnchors: ['hygiene@2026-03-02'] });
    expect(mergeIntoCase({ patientId: 7, items: [item('hygiene')], current: snoozed, now })).toMatchObject({ action: 'none', case: { state: 'snoozed' } });
    const woken = mergeIntoCase({ patientId: 7, items: [item('hygiene'), item('missed_visit', { anchor: 'missed_visit@appointment-5', urgency: 70, outreachStartsAt: now })], current: snoozed, now });
    expect(woken.case).toMatchObject({ state: 'open', nextActionAt: now });
  });

  it('given an open hygiene case, when a future appointment is booked, then re-evaluation closes it as covered', () => {
    const facts = { procedures: [completed('D1110', '2026-03-02')] };
    const before = evaluatePatient(history(facts), defaultPrograms, now, { timeZone: zone });
    const opened = mergeIntoCase({ patientId: 7, items: before, current: null, now });
    expect(opened.case?.state).toBe('open');
    const booked = evaluatePatient(history({ ...facts, appointments: [appointment('2026-10-01T13:00:00Z', 'scheduled')] }), defaultPrograms, now, { timeZone: zone });
    const closed = mergeIntoCase({ patientId: 7, items: booked, current: { ...opened.case!, id: 1 }, now });
    expect(closed).toMatchObject({ action: 'close', case: { state: 'closed', closedReason: 'covered_by_appointment', nextActionAt: null } });
    expect(isActionable(closed.case!, now)).toBe(false);
  });

  it('given a case closed by a booking, when the patient no-shows, then the same case reopens with the missed visit', () => {
    const closedCase = caseRecord({ state: 'closed', closedReason: 'covered_by_appointment', closedAt: now, cadenceStep: 3, nextActionAt: null });
    const later = new Date('2026-10-02T14:00:00Z');
    const items = evaluatePatient(history({ procedures: [completed('D1110', '2026-03-02')], appointments: [appointment('2026-10-01T13:00:00Z', 'no_show', { id: 77 })] }), defaultPrograms, later, { timeZone: zone });
    const plan = mergeIntoCase({ patientId: 7, items, current: closedCase, now: later });
    expect(plan.action).toBe('reopen');
    expect(plan.case).toMatchObject({ id: 1, state: 'open', closedReason: null, closedAt: null, cadenceStep: 0 });
    expect(plan.case?.reasonAnchors).toEqual(['missed_visit@appointment-77', 'hygiene@2026-03-02']);
  });

  it('a case closed as declined is not reopened by the same reasons, only by a new one (as a new case)', () => {
    const declined = caseRecord({ state: 'closed', closedReason: 'declined', reasonAnchors: [] });
    expect(mergeIntoCase({ patientId: 7, items: [item('hygiene')], current: declined, closedAnchors: ['hygiene@2026-03-02'], now }).action).toBe('none');
    const plan = mergeIntoCase({ patientId: 7, items: [item('hygiene'), item('post_op', { anchor: 'post_op@2026-09-15' })], current: declined, closedAnchors: ['hygiene@2026-03-02'], now });
    expect(plan).toMatchObject({ action: 'open', case: { id: null, reasonAnchors: ['post_op@2026-09-15'] } });
  });

  it('an excluded patient gets no case; the suppressed items say why', () => {
    const items = evaluatePatient(history({ patient: { id: 7, status: 'deceased', doNotContact: false }, procedures: [completed('D1110', '2026-03-02')] }), defaultPrograms, now, { timeZone: zone });
    expect(mergeIntoCase({ patientId: 7, items, current: null, now })).toMatchObject({ action: 'none', case: null });
  });
});

describe('case states', () => {
  it('allows the documented moves and explains a refused one', () => {
    expect(canTransition('open', 'in_progress')).toBe(true);
    expect(canTransition('closed', 'open')).toBe(true);
    expect(transition('scheduled', 'snoozed')).toEqual({ ok: false, message: 'a case cannot move from "scheduled" to "snoozed"; from "scheduled" it may move to: open, in_progress, closed' });
    expect(transition('closed', 'waiting').ok).toBe(false);
  });

  it('a case is actionable only when open-ish, with reasons, and its time has come', () => {
    const c = caseRecord({ reasonAnchors: ['hygiene@2026-03-02'], nextActionAt: now });
    expect(isActionable(c, now)).toBe(true);
    expect(isActionable({ ...c, nextActionAt: new Date('2026-09-17T00:00:00Z') }, now)).toBe(false);
    expect(isActionable({ ...c, state: 'scheduled' }, now)).toBe(false);
    expect(isActionable({ ...c, reasonAnchors: [] }, now)).toBe(false);
  });
});
