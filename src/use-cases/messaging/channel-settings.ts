/**
 * The admin Channels page: which provider carries each channel and with which settings. Settings come
 * from the environment (config.ts); secrets are reported only as set or not set, never shown back.
 * "Send a test message" goes through the outbox and the same hand-off as everything else.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import { readDemoMode } from '../../db/queries/demo-mode.js';
import { claimEntry, insertOutboxEntry } from '../../db/queries/outbox.js';
import { isPatientContact, numberOptedOut } from '../../db/queries/number-opt-outs.js';
import type { MessagingConfig } from '../../config.js';
import { handOff } from './hand-off.js';
import type { MessagingDeps } from './messaging-deps.js';

const tail = (value: string | null | undefined) => (value ? `${value.slice(0, 2)}…${value.slice(-4)}` : null);
const setting = (name: string, value: string | null | undefined, secret = false) => ({ name, value: secret ? null : value ?? null, secret, set: Boolean(value) });

export async function readChannelSettings(deps: Pick<MessagingDeps, 'store' | 'providers'>, config: MessagingConfig) {
  const demoMode = await readDemoMode(deps.store.db);
  const t = config.twilio;
  return {
    demoMode,
    publicBaseUrl: config.publicBaseUrl,
    sms: {
      provider: deps.providers.forChannel('sms', demoMode).name,
      settings: [
        setting('TWILIO_ACCOUNT_SID', tail(t?.accountSid)), setting('TWILIO_AUTH_TOKEN', t?.authToken, true),
        setting('TWILIO_MESSAGING_SERVICE_SID', t?.messagingServiceSid), setting('TWILIO_FROM_NUMBER', t?.fromNumber), setting('TWILIO_API_BASE_URL', t?.apiBaseUrl ?? null),
      ],
    },
    email: {
      provider: deps.providers.forChannel('email', demoMode).name,
      settings: [
        setting('SMTP_URL', config.smtp?.url, true), setting('EMAIL_FROM', config.smtp?.from), setting('SENDGRID_EVENT_PUBLIC_KEY', config.sendgridEventPublicKey, true),
      ],
    },
  };
}

export async function sendTestMessage(deps: MessagingDeps, request: { channel: 'sms' | 'email'; to: string; userId: number }) {
  const { db } = deps.store;
  const now = deps.clock.now();
  const to = request.to.trim();
  const valid = request.channel === 'sms' ? /^\+[1-9]\d{6,14}$/.test(to) : /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to);
  if (!valid) throw new AppError('invalid_input', `"${to}" is not ${request.channel === 'sms' ? 'a phone number in E.164 form, like +18135550100' : 'an email address, like you@example.com'}.`, [{ path: 'to', value: to, message: 'not a valid recipient' }]);
  // A test goes to a staff member's own phone or inbox: never to a patient, never to a number that said STOP.
  if (await isPatientContact(db, to)) throw new AppError('conflict', `${to} is a patient's ${request.channel === 'sms' ? 'number' : 'address'}; a test message goes to a staff member's own ${request.channel === 'sms' ? 'phone' : 'inbox'}.`, [{ path: 'to', value: to, message: 'a patient\'s contact point' }]);
  if (await numberOptedOut(db, to)) throw new AppError('conflict', `${to} texted STOP (or opted out) and gets nothing from Recare until it texts START. Send the test to a staff number.`, [{ path: 'to', value: to, message: 'opted out' }]);
  const entry = await insertOutboxEntry(db, {
    key: `test-${request.userId}-${randomBytes(8).toString('hex')}`, origin: 'test', channel: request.channel, patient_id: null, case_id: null, location_id: null, cadence_step: null,
    purpose: 'appointment_reminder', program_key: null, template_key: null, free_text: null, to_address: to,
    body: 'This is a test message from Recare. No reply is needed.', subject: request.channel === 'email' ? 'Recare test message' : null,
    due_at: now, next_try_at: now, created_by: request.userId, created_at: now, updated_at: now,
  });
  if (!entry) throw new AppError('conflict', 'A test message was just sent; wait a second and try again.');
  const claimed = await claimEntry(db, entry.id, deps.workerId, now, deps.messaging.leaseSeconds);
  if (claimed) await handOff(deps, claimed);
  const after = await db.selectFrom('outbox').select(['state', 'reason', 'provider']).where('id', '=', entry.id).executeTakeFirstOrThrow();
  return { outboxId: entry.id, state: after.state, reason: after.reason, provider: after.provider };
}
