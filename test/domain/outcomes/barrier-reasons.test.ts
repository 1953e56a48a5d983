import { describe, expect, it } from 'vitest';
import {
  barrierReasonKeys, barrierReasonLabel, barrierReasons, checkReasonForOutcome, outcomes, parseBarrierReason, reasonOutcomes, takesReason,
} from '../../../src/domain/outcomes/index.js';

const allowed = 'allowed: "cost" (Cost), "insurance" (Insurance), "time" (Time (work or schedule)), "transportation" (Transportation), "anxiety" (Anxiety (fear of the dentist)), '
  + '"health" (Health (medical reasons, pregnancy)), "moved" (Moved away), "other_dentist" (Sees another dentist), "not_interested" (Not interested), "other" (Other).';
const outcome = (key: string) => outcomes.find((o) => o.key === key)!;

describe('decline and barrier reasons', () => {
  it('has ten reasons, each key and label once', () => {
    expect(barrierReasonKeys).toEqual(['cost', 'insurance', 'time', 'transportation', 'anxiety', 'health', 'moved', 'other_dentist', 'not_interested', 'other']);
    expect(new Set(barrierReasons.map((r) => r.label)).size).toBe(barrierReasons.length);
  });

  it.each([
    ['cost', 'cost'], ['COST', 'cost'], ['other_dentist', 'other_dentist'], ['Other dentist', 'other_dentist'], ['other-dentist', 'other_dentist'],
    ['Sees another dentist', 'other_dentist'], ['not interested', 'not_interested'], ['Time (work or schedule)', 'time'], ['  anxiety  ', 'anxiety'],
    ['Health', 'health'], ['health (medical reasons, pregnancy)', 'health'], ['Moved away', 'moved'], ['moved', 'moved'],
  ])('reads %j as %s', (text, key) => {
    expect(parseBarrierReason(text)).toMatchObject({ ok: true, key });
  });

  it('refuses anything else, listing every allowed key with its label', () => {
    expect(parseBarrierReason('too busy')).toEqual({ ok: false, message: `reason is "too busy", which is not a decline or barrier reason; ${allowed}` });
    expect(parseBarrierReason('(fear)')).toMatchObject({ ok: false });
  });

  it('only Declined, Not ready and Opted out take a reason', () => {
    expect(reasonOutcomes).toEqual(['declined', 'not_ready', 'opted_out']);
    expect(outcomes.filter((o) => takesReason(o.key)).map((o) => o.key)).toEqual(['declined', 'not_ready', 'opted_out']);
  });

  it('checks a reason against its outcome: none is always fine, one needs a barrier outcome and a known key', () => {
    expect(checkReasonForOutcome(outcome('declined'), 'Cost')).toEqual({ ok: true, reason: 'cost' });
    expect(checkReasonForOutcome(outcome('not_ready'), 'time')).toEqual({ ok: true, reason: 'time' });
    expect(checkReasonForOutcome(outcome('opted_out'), 'moved')).toEqual({ ok: true, reason: 'moved' });
    expect(checkReasonForOutcome(outcome('no_answer'), null)).toEqual({ ok: true, reason: null });
    expect(checkReasonForOutcome(outcome('declined'), '  ')).toEqual({ ok: true, reason: null });
    expect(checkReasonForOutcome(outcome('callback_requested'), 'time')).toEqual({
      ok: false, message: 'A reason goes with "Declined", "Not ready — call later", "Opted out" only; "Callback requested" takes none (reason "time" was given).',
    });
    expect(checkReasonForOutcome(outcome('declined'), 'busy')).toEqual({ ok: false, message: `reason is "busy", which is not a decline or barrier reason; ${allowed}` });
  });

  it('names a reason, and a barrier outcome recorded without one', () => {
    expect(barrierReasonLabel('anxiety')).toBe('Anxiety (fear of the dentist)');
    expect(barrierReasonLabel('not_given')).toBe('Not given');
  });
});
