/**
 * One touch's answer on the contact point its channel uses (decideTouch), and the worklist's "can we
 * reach them now, on what" built from it (contactabilityOf). Pure, over facts already loaded.
 */
import { describe, expect, it } from 'vitest';
import { contactabilityOf, decideTouch, type OptOutRecord, type PatientContactFacts } from '../../../src/domain/compliance/index.js';
import { consentsFor, email, patient, phone, reviewedPolicy } from './gate-fixtures.js';

// Wednesday 2026-09-16 10:00 in Tampa.
const at = new Date('2026-09-16T14:00:00Z');
const mobile = phone('+18132345601');
const address = email();
const optOut = (over: Partial<OptOutRecord>): OptOutRecord => ({ contactPointId: null, channel: null, purposeClass: null, receivedAt: new Date('2026-09-01T12:00:00Z'), revokedAt: null, ...over });

function facts(optOuts: OptOutRecord[] = []): PatientContactFacts {
  return {
    patient: patient({ state: 'FL', zip: '33606' }), contactPoints: [mobile, address], consents: [...consentsFor(mobile), ...consentsFor(address)],
    optOuts, preferences: [], history: [],
  };
}

describe('decideTouch', () => {
  it.each([
    { name: 'a call uses the mobile and is allowed', channel: 'voice' as const, optOuts: [], point: mobile.id, allowed: true },
    { name: 'an email uses the address and is allowed', channel: 'email' as const, optOuts: [], point: address.id, allowed: true },
    { name: 'an opt-out on the number stops calls', channel: 'voice' as const, optOuts: [optOut({ contactPointId: mobile.id })], point: mobile.id, allowed: false },
    { name: 'an opt-out on the number stops texts', channel: 'sms' as const, optOuts: [optOut({ contactPointId: mobile.id })], point: mobile.id, allowed: false },
    { name: 'an opt-out on the number leaves email alone', channel: 'email' as const, optOuts: [optOut({ contactPointId: mobile.id })], point: address.id, allowed: true },
  ])('$name', ({ channel, optOuts, point, allowed }) => {
    const { contactPoint, decision } = decideTouch(facts(optOuts), reviewedPolicy, { channel, purpose: 'recall_due', automated: false }, at);
    expect(contactPoint?.id).toBe(point);
    expect(decision.allowed).toBe(allowed);
  });
});

describe('contactabilityOf', () => {
  it.each([
    { name: 'the suggested call is allowed: only it is asked', optOuts: [], suggested: 'voice' as const, contactable: true, channel: 'voice', asked: ['voice'] },
    { name: 'no channel suggested: a call', optOuts: [], suggested: null, contactable: true, channel: 'voice', asked: ['voice'] },
    {
      name: 'the number opted out: the suggested text is blocked, and email is offered instead', optOuts: [optOut({ contactPointId: mobile.id })], suggested: 'sms' as const,
      contactable: true, channel: 'email', asked: ['sms', 'voice', 'email'],
    },
    {
      name: 'opted out of everything: nobody may contact them', optOuts: [optOut({})], suggested: 'voice' as const,
      contactable: false, channel: 'voice', asked: ['voice', 'sms', 'email'],
    },
  ])('$name', ({ optOuts, suggested, contactable, channel, asked }) => {
    const answer = contactabilityOf(facts(optOuts), reviewedPolicy, { purpose: 'recall_due', programKey: 'hygiene', suggested }, at);
    expect({ contactable: answer.contactableNow, channel: answer.channel, asked: answer.channels.map((c) => c.channel) }).toEqual({ contactable, channel, asked });
    if (!contactable) expect(answer.explanation).toMatch(/^No channel is allowed now\. voice: /);
  });
});
