import { describe, expect, it } from 'vitest';
import { countUnansweredAttempts, outcomeKeys, outcomes, parseOutcomeLabel } from '../../../src/domain/outcomes/index.js';

describe('outcome vocabulary', () => {
  it('has exactly the twelve labels of the issue, each with a stable key', () => {
    expect(outcomes.map((o) => [o.key, o.label])).toEqual([
      ['scheduled', 'Scheduled'], ['left_message', 'Left message'], ['no_answer', 'No answer'], ['callback_requested', 'Callback requested'],
      ['declined', 'Declined'], ['wrong_number', 'Wrong number'], ['needs_clinical_answer', 'Needs clinical question answered'],
      ['needs_insurance_review', 'Needs authorization or insurance review'], ['language_support_needed', 'Language support needed'],
      ['escalated_to_clinical', 'Escalated to clinical team'], ['not_ready', 'Not ready — call later'], ['opted_out', 'Opted out'],
    ]);
  });

  it.each([
    ['No answer', 'no_answer'], ['no answer', 'no_answer'], ['no_answer', 'no_answer'], ['Not ready — call later', 'not_ready'],
    ['not ready - call later', 'not_ready'], ['Not ready -- call later', 'not_ready'], ['callback-requested', 'callback_requested'],
    ['  Opted out ', 'opted_out'],
  ])('parses %j as %s', (text, key) => {
    expect(parseOutcomeLabel(text)).toMatchObject({ ok: true, key });
  });

  it('every key and label round-trips', () => {
    for (const o of outcomes) {
      expect(parseOutcomeLabel(o.label)).toMatchObject({ ok: true, key: o.key });
      expect(parseOutcomeLabel(o.key)).toMatchObject({ ok: true, label: o.label });
    }
    expect(outcomeKeys).toHaveLength(12);
  });

  it('an unknown outcome lists the allowed labels', () => {
    expect(parseOutcomeLabel('Busy')).toEqual({
      ok: false,
      message: '"Busy" is not an outcome; use one of: "Scheduled", "Left message", "No answer", "Callback requested", "Declined", "Wrong number", "Needs clinical question answered", "Needs authorization or insurance review", "Language support needed", "Escalated to clinical team", "Not ready — call later", "Opted out" (or its key, e.g. "no_answer")',
    });
  });

  it('counts unanswered attempts in a row; reaching the patient resets the count', () => {
    expect(countUnansweredAttempts(['no_answer', 'left_message', null, 'no_answer'])).toBe(3);
    expect(countUnansweredAttempts(['no_answer', 'callback_requested', 'no_answer'])).toBe(1);
    expect(countUnansweredAttempts([])).toBe(0);
  });
});
