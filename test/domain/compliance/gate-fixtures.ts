/** Builders for gate inputs: a valid, consented, active patient unless a test says otherwise. */
import { strictPolicy, type ContactPolicy, type GateInput, type Touch, type PatientFacts, type ContactPointFacts, type ConsentRecord } from '../../../src/domain/compliance/index.js';

export const allCalendars = ['US-FEDERAL', 'AL', 'LA', 'PA', 'RI', 'UT'];

/** Strict policy with every holiday calendar marked reviewed for 2026 and 2027 (as an operator would). */
export const reviewedPolicy: ContactPolicy = {
  ...strictPolicy,
  holidayCalendarReviews: Object.fromEntries(allCalendars.map((c) => [c, [2026, 2027]])),
};

export function patient(overrides: Partial<PatientFacts> = {}): PatientFacts {
  return { id: 1, status: 'active', doNotContact: false, state: null, zip: null, timeZoneOverride: null, homeLocation: null, ...overrides };
}

export function phone(value: string, overrides: Partial<ContactPointFacts> = {}): ContactPointFacts {
  return { id: 10, patientId: 1, kind: 'phone', use: 'mobile', value, lineType: 'wireless', isValid: true, ...overrides };
}

export function email(overrides: Partial<ContactPointFacts> = {}): ContactPointFacts {
  return { id: 20, patientId: 1, kind: 'email', use: 'home', value: 'pat@example.com', lineType: 'unknown', isValid: true, ...overrides };
}

export function pec(contactPointId: number, channel: ConsentRecord['channel'], overrides: Partial<ConsentRecord> = {}): ConsentRecord {
  return { id: 100, contactPointId, channel, purposeClass: 'care', kind: 'pec', granted: true, source: 'patient_provided', capturedAt: new Date('2025-01-01T00:00:00Z'), ...overrides };
}

/** Consent for every channel of the contact point, care class. */
export function consentsFor(cp: ContactPointFacts): ConsentRecord[] {
  return cp.kind === 'email' ? [pec(cp.id, 'email')] : [pec(cp.id, 'voice'), pec(cp.id, 'sms'), pec(cp.id, 'voicemail')];
}

export function input(touch: Partial<Touch>, p: PatientFacts, cp: ContactPointFacts | null, extra: Partial<GateInput> = {}): GateInput {
  return {
    touch: { channel: 'voice', purpose: 'recall_due', automated: true, programKey: null, ...touch },
    patient: p,
    contactPoint: cp,
    consents: cp ? consentsFor(cp) : [],
    optOuts: [],
    preferences: [],
    history: [],
    ...extra,
  };
}
