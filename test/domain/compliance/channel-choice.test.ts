/**
 * Choosing a channel asks the gate's own rules: a channel is open when nothing but time stands in the
 * way of the gate allowing it, and the open channels are exactly those decide() blocks with
 * time-bound reasons only (or allows), at any hour of the day.
 */
import { describe, expect, it } from 'vitest';
import {
  bundledRules, decide, gateInputFor, openChannels, pickChannel, standingReasons, attemptChannels, timeDependentCodes,
  type ConsentRecord, type OptOutRecord, type PatientContactFacts, type Purpose,
} from '../../../src/domain/compliance/index.js';
import { consentsFor, email, patient, pec, phone, reviewedPolicy } from './gate-fixtures.js';

const rules = bundledRules!;
// Wed 2026-03-11 14:00 in New York: inside every window.
const afternoon = new Date('2026-03-11T18:00:00Z');
const mobile = phone('+12125550123');
const mail = email();
const stopAt = new Date('2026-02-01T12:00:00Z');
const optOut = (overrides: Partial<OptOutRecord>): OptOutRecord => ({ id: 7, contactPointId: mobile.id, channel: 'sms', purposeClass: null, receivedAt: stopAt, revokedAt: null, ...overrides });

function facts(extra: { consents?: ConsentRecord[]; optOuts?: OptOutRecord[] } = {}): PatientContactFacts {
  return {
    patient: patient({ state: 'NY', zip: '10001' }),
    contactPoints: [mobile, mail],
    consents: extra.consents ?? [...consentsFor(mobile), ...consentsFor(mail)],
    optOuts: extra.optOuts ?? [],
    preferences: [],
    history: [],
  };
}
const open = (f: PatientContactFacts, purpose: Purpose = 'recall_due', at: Date = afternoon) =>
  openChannels(f, { purpose, programKey: null, automated: false }, reviewedPolicy, rules, at);

describe('openChannels', () => {
  it.each([
    ['consent on every channel, no opt-out', facts(), ['voice', 'sms', 'email']],
    ['a STOP by text on the mobile also stops calls to it (revoke-all)', facts({ optOuts: [optOut({ channel: 'sms' })] }), ['email']],
    ['an opt-out of calls on the mobile also stops texts to it', facts({ optOuts: [optOut({ channel: 'voice' })] }), ['email']],
    ['an opt-out of email leaves the number', facts({ optOuts: [optOut({ contactPointId: mail.id, channel: 'email' })] }), ['voice', 'sms']],
    ['an opt-out of everything', facts({ optOuts: [optOut({ contactPointId: null, channel: null })] }), []],
    ['an opt-out revoked by a later opt-in', facts({ optOuts: [optOut({ revokedAt: new Date('2026-02-10T12:00:00Z') })] }), ['voice', 'sms', 'email']],
    ['no consent for texts', facts({ consents: [pec(mobile.id, 'voice'), ...consentsFor(mail)] }), ['voice', 'email']],
  ])('%s → %j', (_name, f, expected) => {
    expect(open(f)).toEqual(expected);
  });

  it('a promotion needs written consent: care consent opens nothing, a marketing PEWC on the mobile opens texts only', () => {
    expect(open(facts(), 'promotion')).toEqual([]);
    const written = facts({ consents: [...consentsFor(mobile), ...consentsFor(mail), pec(mobile.id, 'sms', { purposeClass: 'marketing', kind: 'pewc' })] });
    expect(open(written, 'promotion')).toEqual(['sms']);
  });

  it('does not move with the hour: the same channels at 03:00 as at 14:00', () => {
    const night = new Date('2026-03-11T08:00:00Z');
    for (const f of [facts(), facts({ optOuts: [optOut({ channel: 'sms' })] })]) expect(open(f, 'recall_due', night)).toEqual(open(f));
  });

  it('is the gate: a channel is open exactly when decide() allows it or blocks it only until a time', () => {
    const cases = [facts(), facts({ optOuts: [optOut({ channel: 'sms' })] }), facts({ consents: [pec(mobile.id, 'voice')] })];
    for (const at of [afternoon, new Date('2026-03-11T08:00:00Z'), new Date('2026-03-15T17:00:00Z')]) {
      for (const f of cases) {
        const byDecide = attemptChannels.filter((channel) => {
          const decision = decide(gateInputFor(f, { channel, purpose: 'recall_due', automated: false, programKey: null }), reviewedPolicy, rules, at);
          return decision.allowed || decision.reasons.every((r) => timeDependentCodes.has(r.code));
        });
        expect(open(f, 'recall_due', at)).toEqual(byDecide);
      }
    }
  });

  it('standingReasons names the rule that closes a channel for good', () => {
    const input = gateInputFor(facts({ optOuts: [optOut({ channel: 'sms' })] }), { channel: 'voice', purpose: 'recall_due', automated: false, programKey: null });
    expect(standingReasons(input, reviewedPolicy, rules, afternoon).map((r) => r.code)).toEqual(['opted_out']);
    expect(standingReasons(input, reviewedPolicy, null, afternoon).map((r) => r.code)).toEqual(['rules_unavailable']);
  });
});

describe('pickChannel', () => {
  it.each([
    ['voice', ['voice', 'sms', 'email'], 'voice'],
    ['voice', ['email'], 'email'],
    ['sms', ['voice', 'email'], 'voice'],
    ['email', [], null],
  ] as const)('prefers %s among %j → %s', (preferred, usable, expected) => {
    expect(pickChannel(preferred, usable)).toBe(expected);
  });
});
