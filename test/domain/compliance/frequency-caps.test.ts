import { describe, expect, it } from 'vitest';
import { bundledRules, decide, type AttemptRecord, type GateInput } from '../../../src/domain/compliance/index.js';
import { input, patient, phone, reviewedPolicy } from './gate-fixtures.js';

const rules = bundledRules!;
const now = new Date('2026-03-11T18:00:00Z'); // Wed 14:00 Eastern
const h = 3_600_000;
const ny = patient({ state: 'NY', zip: '10001' });
const cell = phone('+12125550123');
const attempt = (hoursAgo: number, o: Partial<AttemptRecord> = {}): AttemptRecord => ({
  occurredAt: new Date(now.getTime() - hoursAgo * h), channel: 'sms', actorKind: 'automation', programKeys: ['hygiene'], purpose: 'recall_due', contactPointId: 10, ...o,
});
const run = (history: AttemptRecord[], touch: Partial<GateInput['touch']> = {}) => decide(input({ channel: 'sms', programKey: 'hygiene', ...touch }, ny, cell, { history }), reviewedPolicy, rules, now);

describe('frequency caps', () => {
  it('INV-04: one automated touch earlier today blocks another until tomorrow morning', () => {
    const d = run([attempt(4, { programKeys: ['perio'] })], { programKey: 'hygiene' });
    expect(d.reasons.map((r) => r.code)).toEqual(['daily_cap']);
    expect(d.nextAllowedAt).toEqual(new Date('2026-03-12T12:00:00Z')); // 08:00 EDT
  });

  it('yesterday evening does not count against today', () => {
    expect(run([attempt(20, { programKeys: [] })]).allowed).toBe(true);
  });

  it('INV-05: three automated touches in 7 days block until the oldest is 7 days old', () => {
    const history = [attempt(6 * 24 - 1, { programKeys: [] }), attempt(4 * 24, { programKeys: [] }), attempt(2 * 24, { programKeys: [] })];
    const d = run(history);
    expect(d.reasons.map((r) => r.code)).toEqual(['weekly_cap']);
    expect(d.nextAllowedAt).toEqual(new Date(history[0]!.occurredAt.getTime() + 7 * 24 * h));
  });

  it('staff, imported and inbound attempts do not count against the automated caps', () => {
    const history = [attempt(2, { actorKind: 'staff' }), attempt(3, { actorKind: 'import' }), attempt(1, { direction: 'in' }), attempt(30, { actorKind: 'staff' })];
    expect(run(history).allowed).toBe(true);
  });

  it('staff touches are not limited by the policy caps', () => {
    expect(run([attempt(2, { programKeys: [] })], { automated: false, channel: 'voice' }).allowed).toBe(true);
  });

  it('per-program cap: one touch per program per week, except confirmations and post-op checks', () => {
    const history = [attempt(3 * 24)];
    const d = run(history);
    expect(d.reasons.map((r) => r.code)).toEqual(['program_weekly_cap']);
    expect(d.reasons[0]!.message).toContain('"hygiene"');
    expect(d.nextAllowedAt).toEqual(new Date(history[0]!.occurredAt.getTime() + 7 * 24 * h));
    expect(run(history, { programKey: 'perio' }).allowed).toBe(true);
    expect(run([attempt(3 * 24, { programKeys: ['post-op'] })], { programKey: 'post-op', purpose: 'post_op' }).allowed).toBe(true);
    expect(run([attempt(3 * 24, { programKeys: ['confirm'] })], { programKey: 'confirm', purpose: 'appointment_reminder' }).allowed).toBe(true);
  });

  it('the daily cap counts the local day of every candidate zone', () => {
    // 01:30 Eastern today = 22:30 Pacific yesterday: a patient with both zones has used today's Eastern slot.
    const both = patient({ state: 'NY', zip: '10001', timeZoneOverride: 'America/Los_Angeles' });
    const history = [attempt(0, { occurredAt: new Date('2026-03-11T05:30:00Z'), programKeys: [] })];
    const d = decide(input({ channel: 'voice' }, both, cell, { history }), reviewedPolicy, rules, new Date('2026-03-11T19:00:00Z'));
    expect(d.reasons).toContainEqual(expect.objectContaining({ code: 'daily_cap' }));
  });
});
