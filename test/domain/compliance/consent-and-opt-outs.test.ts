import { describe, expect, it } from 'vitest';
import { bundledRules, decide, strictPolicy, type ConsentRecord, type GateInput, type OptOutRecord } from '../../../src/domain/compliance/index.js';
import { email, input, patient, pec, phone, reviewedPolicy } from './gate-fixtures.js';

const rules = bundledRules!;
// Wed 2026-03-11 14:00 Eastern: inside every window.
const now = new Date('2026-03-11T18:00:00Z');
const ny = patient({ state: 'NY', zip: '10001' });
const cell = phone('+12125550123');
const run = (i: GateInput, policy = reviewedPolicy) => decide(i, policy, rules, now);
const codes = (i: GateInput, policy = reviewedPolicy) => run(i, policy).reasons.map((r) => r.code);

describe('consent (INV-07)', () => {
  it('a number the patient provided (PEC) covers care purposes', () => {
    const d = run(input({ channel: 'sms', purpose: 'recall_due' }, ny, cell));
    expect(d.allowed).toBe(true);
    expect(d.consentBasis).toEqual({ consentId: 100, kind: 'pec', source: 'patient_provided', capturedAt: new Date('2025-01-01T00:00:00Z') });
  });

  it.each([
    ['no consent record at all', [] as ConsentRecord[], 'no_consent'],
    ['consent for another contact point', [pec(99, 'sms')], 'no_consent'],
    ['consent for another channel', [pec(10, 'email')], 'no_consent'],
    ['consent captured after now', [pec(10, 'sms', { capturedAt: new Date('2026-03-12T00:00:00Z') })], 'no_consent'],
    ['a later refusal withdraws it', [pec(10, 'sms'), pec(10, 'sms', { granted: false, capturedAt: new Date('2026-02-01T00:00:00Z') })], 'consent_withdrawn'],
  ])('%s → %s', (_name, consents, code) => {
    expect(codes(input({ channel: 'sms' }, ny, cell, { consents }))).toEqual([code]);
  });

  it('promotion needs written consent: PEC is not enough, a marketing PEWC is', () => {
    expect(codes(input({ channel: 'sms', purpose: 'promotion' }, ny, cell, { consents: [pec(10, 'sms'), pec(10, 'sms', { purposeClass: 'marketing' })] }))).toEqual(['no_written_consent']);
    expect(run(input({ channel: 'sms', purpose: 'promotion' }, ny, cell, { consents: [pec(10, 'sms', { purposeClass: 'marketing', kind: 'pewc' })] })).allowed).toBe(true);
    // A care PEC never covers marketing.
    expect(codes(input({ channel: 'sms', purpose: 'promotion' }, ny, cell, { consents: [pec(10, 'sms')] }))).toEqual(['no_consent']);
  });

  it('voice consent covers a voicemail (a voicemail is a call)', () => {
    expect(run(input({ channel: 'voicemail' }, ny, cell, { consents: [pec(10, 'voice')] })).allowed).toBe(true);
  });

  it('automated reactivation to a Florida-governed patient needs PEWC; a staff call does not', () => {
    const fl = patient({ state: 'FL', zip: '33101' });
    const cp = phone('+13055550123');
    expect(codes(input({ channel: 'sms', purpose: 'reactivation' }, fl, cp))).toEqual(['no_written_consent']);
    expect(run(input({ channel: 'sms', purpose: 'reactivation' }, fl, cp, { consents: [pec(10, 'sms', { kind: 'pewc' })] })).allowed).toBe(true);
    expect(run(input({ channel: 'voice', purpose: 'reactivation', automated: false }, fl, cp)).allowed).toBe(true);
  });

  it('staff touches need consent in strict mode; a practice may relax that', () => {
    const staff = input({ channel: 'voice', automated: false }, ny, cell, { consents: [] });
    expect(codes(staff)).toEqual(['no_consent']);
    expect(run(staff, { ...reviewedPolicy, requireConsentForStaffTouches: false }).allowed).toBe(true);
  });

  it('Utah prior-consent relief lifts the Sunday ban only when policy enables it and consent exists', () => {
    const ut = patient({ state: 'UT', zip: '84101' });
    const sunday = new Date('2026-03-15T19:00:00Z');
    const i = input({ channel: 'sms' }, ut, phone('+18015550123'));
    expect(decide(i, reviewedPolicy, rules, sunday).reasons).toContainEqual(expect.objectContaining({ code: 'state_sunday_ban', ruleId: 'UT' }));
    expect(decide(i, { ...reviewedPolicy, utahPriorConsentRelief: true }, rules, sunday).allowed).toBe(true);
  });
});

describe('opt-outs (INV-08)', () => {
  const optOut = (o: Partial<OptOutRecord>): OptOutRecord => ({ contactPointId: 10, channel: 'sms', purposeClass: null, receivedAt: new Date('2026-03-01T00:00:00Z'), revokedAt: null, ...o });
  it.each([
    ['patient-wide, every channel', optOut({ contactPointId: null, channel: null }), 'voice', true],
    ['STOP by text also stops calls to that number (revoke-all)', optOut({}), 'voice', true],
    ['STOP by text stops voicemail too', optOut({}), 'voicemail', true],
    ['a marketing-only opt-out stops care messages (revoke-all)', optOut({ purposeClass: 'marketing' }), 'sms', true],
    ['a voice opt-out stops voicemail', optOut({ channel: 'voice' }), 'voicemail', true],
    ['an opt-out received one second ago is already in force', optOut({ receivedAt: new Date(now.getTime() - 1000) }), 'sms', true],
    ['an opt-out on another number does not cover this one', optOut({ contactPointId: 11 }), 'sms', false],
    ['an email unsubscribe does not stop texts', optOut({ contactPointId: null, channel: 'email' }), 'sms', false],
    ['a re-opt-in (revokedAt) before now lifts it', optOut({ revokedAt: new Date('2026-03-05T00:00:00Z') }), 'sms', false],
  ] as const)('%s', (_name, o, channel, blocked) => {
    const d = run(input({ channel }, ny, cell, { optOuts: [o] }));
    expect(d.allowed).toBe(!blocked);
    if (blocked) {
      expect(d.reasons.map((r) => r.code)).toEqual(['opted_out']);
      expect(d.nextAllowedAt).toBeNull();
    }
  });

  it('an opt-out also blocks staff-initiated calls (strict mode)', () => {
    expect(codes(input({ channel: 'voice', automated: false }, ny, cell, { optOuts: [optOut({})] }))).toEqual(['opted_out']);
  });

  it('an email unsubscribe covers every email purpose to that address', () => {
    const mail = email();
    expect(codes(input({ channel: 'email', purpose: 'appointment_reminder' }, ny, mail, { optOuts: [optOut({ contactPointId: 20, channel: 'email', purposeClass: 'marketing' })] }))).toEqual(['opted_out']);
  });
});

describe('patient and contact point', () => {
  it.each([
    ['do-not-contact', input({}, { ...ny, doNotContact: true }, cell), ['do_not_contact']],
    ['inactive', input({}, { ...ny, status: 'inactive' }, cell), ['patient_inactive']],
    ['deceased', input({}, { ...ny, status: 'deceased' }, cell), ['patient_deceased']],
    ['invalid number', input({}, ny, { ...cell, isValid: false }), ['invalid_contact_point']],
    ['someone else\'s number', input({}, ny, { ...cell, patientId: 2 }), ['invalid_contact_point']],
    ['text to a landline', input({ channel: 'sms' }, ny, { ...cell, lineType: 'landline' }), ['sms_to_landline']],
    ['email to a phone', input({ channel: 'email' }, ny, cell), ['channel_mismatch']],
    ['no contact point', input({ channel: 'sms' }, ny, null), ['missing_contact_point']],
  ] as const)('%s blocks with nextAllowedAt null', (_name, i, expected) => {
    const d = run(i);
    expect(d.reasons.map((r) => r.code)).toEqual(expected);
    expect(d.nextAllowedAt).toBeNull();
  });
});

describe('confidential communications (INV-12)', () => {
  it.each([
    ['no_voicemail', 'voicemail', 'no_voicemail'],
    ['no_voice', 'voice', 'no_voice'],
    ['no_voice', 'voicemail', 'no_voice'],
    ['no_sms', 'sms', 'no_sms'],
  ] as const)('%s blocks %s', (kind, channel, code) => {
    expect(codes(input({ channel }, ny, cell, { preferences: [{ kind, alternateContactPointId: null }] }))).toEqual([code]);
  });

  it('no_email and no_letter block their channels', () => {
    expect(codes(input({ channel: 'email' }, ny, email(), { preferences: [{ kind: 'no_email', alternateContactPointId: null }] }))).toEqual(['no_email']);
    expect(codes(input({ channel: 'letter' }, ny, null, { preferences: [{ kind: 'no_letter', alternateContactPointId: null }] }))).toEqual(['no_letter']);
  });

  it('"no voicemail" still allows a live call, but it must hang up at voicemail', () => {
    const d = run(input({ channel: 'voice' }, ny, cell, { preferences: [{ kind: 'no_voicemail', alternateContactPointId: null }] }));
    expect(d.allowed).toBe(true);
    expect(d.mayLeaveVoicemail).toBe(false);
    expect(run(input({ channel: 'voice' }, ny, cell)).mayLeaveVoicemail).toBe(true);
  });

  it('an alternate number must be used instead', () => {
    const prefs = [{ kind: 'use_alternate_contact' as const, alternateContactPointId: 11 }];
    expect(codes(input({ channel: 'sms' }, ny, cell, { preferences: prefs }))).toEqual(['use_alternate_contact']);
    const alt = phone('+12125550199', { id: 11 });
    expect(run(input({ channel: 'sms' }, ny, alt, { preferences: prefs })).allowed).toBe(true);
    expect(codes(input({ channel: 'sms' }, ny, cell, { preferences: [{ kind: 'use_alternate_contact', alternateContactPointId: null }] }))).toEqual(['use_alternate_contact']);
  });

  it('an alternate address: letters only to it', () => {
    const prefs = [{ kind: 'use_alternate_address' as const, alternateContactPointId: null, alternateAddress: 'PO Box 1' }];
    expect(codes(input({ channel: 'letter' }, ny, null, { preferences: prefs }))).toEqual(['use_alternate_address']);
    expect(run(input({ channel: 'letter', letterAddress: 'alternate' }, ny, null, { preferences: prefs })).allowed).toBe(true);
  });
});

describe('Louisiana emergency switch (INV-17)', () => {
  it('blocks automated non-reminder touches to LA-governed patients only while on', () => {
    const la = patient({ state: 'LA', zip: '70112' });
    const cp = phone('+15045550123');
    const policy = { ...reviewedPolicy, laEmergencyActive: true };
    expect(codes(input({ channel: 'sms', purpose: 'recall_due' }, la, cp), policy)).toEqual(['la_emergency']);
    expect(run(input({ channel: 'sms', purpose: 'appointment_reminder' }, la, cp), policy).allowed).toBe(true);
    expect(run(input({ channel: 'sms', purpose: 'recall_due' }, la, cp), strictPolicy.laEmergencyActive ? policy : reviewedPolicy).allowed).toBe(true);
  });
});
