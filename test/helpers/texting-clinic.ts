/**
 * A small clinic whose hygiene cases have reached their "text or email" step, for dispatcher tests.
 * The office is Tampa (America/New_York). Each patient's hygiene visit (D1110 on 2026-05-10) is due
 * 2026-11-10; the case opens on Tuesday 2026-11-24 10:00 EST with a call, and two "No answer"
 * outcomes move it to the text step, due Wednesday 2026-12-02 13:30 EST (`textDueAt`), inside every
 * window and late enough in the office day that pacing sends it at once.
 */
import pino from 'pino';
import { fixedClock } from '../../src/clock.js';
import type { Store } from '../../src/db/open-store.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { recordOutcome } from '../../src/use-cases/record-outcome.js';
import { pdfLetterPrinter } from '../../src/channels/letter/letter-printer.js';
import { messageProviders, type MessageProviders } from '../../src/channels/providers.js';
import { createSandbox } from '../../src/channels/sandbox.js';
import { createTwilioSms } from '../../src/channels/sms/twilio.js';
import { defaultMessagingSettings, type MessagingDeps, type MessagingSettings } from '../../src/use-cases/messaging/messaging-deps.js';
import type { TwilioStandIn } from './twilio-stand-in.js';
import { seedLocation, seedPatient, type SeededPatient } from './seed-patients.js';

export const silentLog = pino({ level: 'silent' });

export const planAt = new Date('2026-11-24T15:00:00Z');
export const textDueAt = new Date('2026-12-02T18:30:00Z');

export const testAccountSid = `AC${'0123456789abcdef'.repeat(2)}`;
export const testAuthToken = 'stand-in-auth-token';
export const testFromNumber = '+18135550100';
export const publicBaseUrl = 'https://recare.example.com';
export const statusCallbackUrl = `${publicBaseUrl}/webhooks/twilio/messages/status`;

export interface TextingPatient extends SeededPatient {
  mobile: string;
  caseId: number;
}

/** Mobile numbers 813-234-56xx (valid Tampa numbers), one per patient. */
export const mobileOf = (index: number): string => `+1813234${String(5600 + index).padStart(4, '0')}`;

/** `mobileFor` gives patients a number of its choosing (a family sharing one); default `mobileOf`. */
export async function seedTextingClinic(store: Store, count: number, options: { mobileFor?: (index: number) => string } = {}): Promise<{ locationId: number; patients: TextingPatient[] }> {
  const deps = (at: Date) => ({ store, clock: fixedClock(at), log: silentLog });
  const locationId = await seedLocation(store, 'TPA', 'FL', 'America/New_York');
  const seeded: (SeededPatient & { mobile: string })[] = [];
  for (let i = 0; i < count; i++) {
    const mobile = (options.mobileFor ?? mobileOf)(i);
    const patient = await seedPatient(store, { externalId: `TXT-${i}`, locationId, state: 'FL', zip: '33606', mobile });
    await store.db.insertInto('procedures').values({ patient_id: patient.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10', location_id: locationId }).execute();
    seeded.push({ ...patient, mobile });
  }
  await planPatients(deps(planAt), { full: true });
  const patients: TextingPatient[] = [];
  for (const patient of seeded) {
    const first = await recordOutcome(deps(planAt), { patient: patient.externalId, outcome: 'No answer', channel: 'voice' });
    const second = await recordOutcome(deps(new Date(first.nextActionAt as string)), { patient: patient.externalId, outcome: 'No answer', channel: 'voice' });
    if (second.nextStep !== 'text or email' || second.nextActionAt !== textDueAt.toISOString()) {
      throw new Error(`the texting clinic expected the text step at ${textDueAt.toISOString()}, got ${second.nextStep} at ${String(second.nextActionAt)}`);
    }
    patients.push({ ...patient, caseId: second.caseId });
  }
  return { locationId, patients };
}

/** The providers with the Twilio adapter pointed at a stand-in (the sandbox behind email and demo mode). */
export function standInProviders(store: Store, standIn: TwilioStandIn, at: Date): MessageProviders {
  const clock = fixedClock(at);
  const twilio = createTwilioSms({ accountSid: standIn.accountSid, authToken: standIn.authToken, fromNumber: testFromNumber, apiBaseUrl: standIn.baseUrl, timeoutMs: 5_000, clock });
  const sandbox = (channel: 'sms' | 'email') => createSandbox(channel, { store, seed: 'test' });
  return messageProviders({ sms: twilio }, { sms: sandbox('sms'), email: sandbox('email') });
}

export function messagingDeps(
  store: Store, providers: MessageProviders, at: Date,
  options: { workerId?: string; settings?: Partial<MessagingSettings>; onStep?: MessagingDeps['onStep'] } = {},
): MessagingDeps {
  return {
    store, clock: fixedClock(at), log: silentLog, providers, printer: pdfLetterPrinter,
    // One hand-off at a time unless a test asks for more: the tests follow messages in order (which one the stand-in holds).
    messaging: { ...defaultMessagingSettings, publicBaseUrl, parallelHandOffs: 1, ...options.settings },
    workerId: options.workerId ?? 'test-worker',
    ...(options.onStep ? { onStep: options.onStep } : {}),
  };
}
