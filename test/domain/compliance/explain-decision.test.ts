import { describe, expect, it } from 'vitest';
import { bundledRules, decide, explainDecision } from '../../../src/domain/compliance/index.js';
import { input, patient, phone, reviewedPolicy } from './gate-fixtures.js';

const rules = bundledRules!;

describe('explainDecision', () => {
  it('blocked by Florida\'s 20:00 limit, next allowed the next morning in Eastern time', () => {
    // Mon 2026-01-12 20:35 EST.
    const d = decide(input({ channel: 'voice' }, patient({ state: 'FL', zip: '33101' }), phone('+13055550123')), reviewedPolicy, rules, new Date('2026-01-13T01:35:00Z'));
    const text = explainDecision(d);
    expect(text.startsWith("Blocked: 20:35 in America/New_York is after Florida's 20:00 limit (Fla. Stat. 501.616")).toBe(true);
    expect(text.endsWith('. Next allowed: Tue 08:00 EST.')).toBe(true);
  });

  it('says when nothing in the next 14 days can change the answer', () => {
    const d = decide(input({ channel: 'voice' }, patient({ state: 'NY', zip: '10001', doNotContact: true }), phone('+12125550123')), reviewedPolicy, rules, new Date('2026-01-13T16:00:00Z'));
    expect(explainDecision(d)).toBe('Blocked: The patient is flagged do-not-contact; no touch on any channel. Not allowed at any time in the next 14 days under the current records and policy.');
  });

  it('counts further reasons and explains an allowed answer', () => {
    const blocked = decide(input({ channel: 'voice' }, patient({ state: 'FL', zip: '33101', doNotContact: true }), phone('+13055550123')), reviewedPolicy, rules, new Date('2026-01-13T01:35:00Z'));
    expect(explainDecision(blocked)).toContain('(and 1 more reason)');
    const ok = decide(input({ channel: 'sms' }, patient({ state: 'FL', zip: '33101' }), phone('+13055550123')), reviewedPolicy, rules, new Date('2026-01-13T16:00:00Z'));
    expect(explainDecision(ok)).toBe('Allowed: Inside the federal, Florida windows in America/New_York. consent: PEC from patient_provided, captured 2025-01-01.');
  });
});
