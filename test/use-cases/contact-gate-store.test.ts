/**
 * The gate wired to real databases: facts loaded from the tables, decisions stored append-only with
 * the rules' hash, opt-outs taking effect on the very next decision.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { fixedClock } from '../../src/clock.js';
import { checkContact } from '../../src/use-cases/check-contact.js';
import { authorizeTouch } from '../../src/use-cases/authorize-touch.js';
import { recordConsent } from '../../src/use-cases/record-consent.js';
import { recordOptIn } from '../../src/use-cases/record-opt-in.js';
import { recordOptOut } from '../../src/use-cases/record-opt-out.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient, type SeededPatient } from '../helpers/seed-patients.js';

const rulesSha = createHash('sha256').update(readFileSync(new URL('../../src/domain/compliance/data/us-calling-rules.json', import.meta.url))).digest('hex');
const log = pino({ level: 'silent' });
// Tuesday 2026-11-24 19:30 in New York (EST, UTC-5).
const tuesdayEvening = new Date('2026-11-25T00:30:00Z');
const tuesdayMorning = new Date('2026-11-24T15:00:00Z');

describe.each(backends)('contact gate on %s', (backend) => {
  let t: TestStore;
  let tampa: SeededPatient;
  let newYorker: SeededPatient;
  beforeAll(async () => {
    t = await openTestStore(backend);
    const tpa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    tampa = await seedPatient(t.store, { externalId: 'FL-1', locationId: tpa, state: 'FL', zip: '33606', mobile: '+18132345678' });
    newYorker = await seedPatient(t.store, { externalId: 'NY-1', locationId: tpa, state: 'NY', zip: '10025', mobile: '+12125550147' });
  });
  afterAll(async () => {
    await t.dispose();
  });
  const deps = (at: Date) => ({ store: t.store, clock: fixedClock(at), log });

  it("blocks a 19:30 call to a Florida patient under Florida's 20:00 rule? No: 19:30 is inside; 20:30 is not", async () => {
    const inside = await checkContact(deps(tuesdayEvening), { patient: 'FL-1', channel: 'voice', purpose: 'recall_due', automated: false });
    expect(inside.decision.allowed).toBe(true);
    const late = await checkContact(deps(new Date('2026-11-25T01:30:00Z')), { patient: 'FL-1', channel: 'voice', purpose: 'recall_due', automated: false });
    expect(late.decision.allowed).toBe(false);
    expect(late.decision.reasons.map((r) => r.code)).toContain('outside_calling_window');
    expect(late.explanation).toMatch(/Florida/);
    expect(late.decision.nextAllowedAt?.toISOString()).toBe('2026-11-25T13:00:00.000Z');
    expect(late.decision.states).toContain('FL');
    expect(late.decision.timeZones).toContain('America/New_York');
  });

  it('applies Florida rules to a Florida area code at an out-of-state address? The New York number gets New York and Florida (practice) zones', async () => {
    const result = await checkContact(deps(tuesdayMorning), { patient: 'NY-1', channel: 'sms', purpose: 'recall_due', automated: true });
    expect(result.decision.timeZones).toContain('America/New_York');
    expect(result.contactPoint).toEqual({ id: newYorker.mobileId, kind: 'phone', use: 'mobile' });
  });

  it('finds a patient by the source id or by the internal id, and says clearly when there is none', async () => {
    const byInternal = await checkContact(deps(tuesdayMorning), { patient: String(tampa.patientId), channel: 'email', purpose: 'recall_due', automated: true });
    expect(byInternal.externalId).toBe('FL-1');
    await expect(checkContact(deps(tuesdayMorning), { patient: 'NOPE-9', channel: 'sms', purpose: 'recall_due', automated: true })).rejects.toThrow('No patient has the id "NOPE-9"');
  });

  it('stores every decision that leads to a touch, append-only, with input ids and the rules hash', async () => {
    const { decisionId, decision } = await authorizeTouch(deps(tuesdayMorning), { patient: 'FL-1', channel: 'sms', purpose: 'recall_due', automated: true, programKey: 'hygiene' });
    expect(decision.allowed).toBe(true);
    const row = await t.store.db.selectFrom('compliance_decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ patient_id: tampa.patientId, contact_point_id: tampa.mobileId, channel: 'sms', purpose: 'recall_due', automated: true, allowed: true, rules_sha256: rulesSha });
    expect(row.inputs).toMatchObject({ patientId: tampa.patientId, contactPointId: tampa.mobileId, programKey: 'hygiene' });
    await expect(t.store.db.updateTable('compliance_decisions').set({ allowed: false }).where('id', '=', decisionId).execute()).rejects.toThrow(/append-only/);
    await expect(t.store.db.deleteFrom('compliance_decisions').where('id', '=', decisionId).execute()).rejects.toThrow(/append-only/);
  });

  it('an opt-out takes effect on the next decision, for every channel it covers, and a re-opt-in lifts it', async () => {
    const at = deps(tuesdayMorning);
    await recordOptOut(at, { patient: 'FL-1', contactPointId: null, channel: null, purposeClass: null, via: 'sms_keyword', evidence: 'replied STOP' });
    const later = deps(new Date(tuesdayMorning.getTime() + 1000));
    for (const channel of ['sms', 'voice', 'email'] as const) {
      const result = await checkContact(later, { patient: 'FL-1', channel, purpose: 'recall_due', automated: true });
      expect(result.decision.allowed, channel).toBe(false);
      expect(result.decision.reasons.map((r) => r.code), channel).toContain('opted_out');
    }
    const audit = await t.store.db.selectFrom('audit_events').select(['action', 'patient_id']).where('action', '=', 'opt_out.record').execute();
    expect(audit).toEqual([{ action: 'opt_out.record', patient_id: tampa.patientId }]);
    await recordOptIn(deps(new Date(tuesdayMorning.getTime() + 60_000)), { patient: 'FL-1', contactPointId: tampa.mobileId, via: 'sms_keyword' });
    const after = await checkContact(deps(new Date(tuesdayMorning.getTime() + 120_000)), { patient: 'FL-1', channel: 'sms', purpose: 'recall_due', automated: true });
    expect(after.decision.reasons.map((r) => r.code)).not.toContain('opted_out');
  });

  it('promotion needs written consent; recording it allows the touch', async () => {
    const before = await checkContact(deps(tuesdayMorning), { patient: 'NY-1', channel: 'sms', purpose: 'promotion', automated: true });
    expect(before.decision.allowed).toBe(false);
    expect(before.decision.reasons.map((r) => r.code)).toEqual(['no_consent']);
    expect(before.decision.reasons[0]?.message).toMatch(/written/i);
    await recordConsent(deps(tuesdayMorning), { patient: 'NY-1', contactPointId: newYorker.mobileId, channel: 'sms', purposeClass: 'marketing', kind: 'pewc', granted: true, source: 'portal', evidence: 'signed e-consent' });
    const after = await checkContact(deps(new Date(tuesdayMorning.getTime() + 1000)), { patient: 'NY-1', channel: 'sms', purpose: 'promotion', automated: true });
    expect(after.decision.reasons.map((r) => r.code)).not.toContain('no_consent');
  });
});
