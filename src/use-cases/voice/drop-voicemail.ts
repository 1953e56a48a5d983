/**
 * The voicemail drop (issue 18, part 2): the staff member hears the patient's voicemail greeting and
 * presses one key; the patient's leg is redirected to the approved voicemail (the case's program's
 * voicemail template rendered for this patient in their language and spoken, or the template's
 * uploaded recording), then hung up, and the staff member is free for the next case.
 *
 * The gate is asked for a voicemail first: a prerecorded or synthetic message counts as a prerecorded
 * call (compliance README 2.2), so consent, "no voicemail", opt-outs, windows and caps all apply to it;
 * a refusal leaves the call alone. The rendered text passes the template linter again (never a
 * procedure, diagnosis or amount in a voicemail). The attempt records "Left message" with the
 * template's key and the SHA-256 of what was left, as the call's outcome.
 */
import { createHash } from 'node:crypto';
import type { LocationScope } from '../../domain/access/index.js';
import { AppError } from '../../domain/errors.js';
import { lintTemplate, messageValues, renderTemplate, surfaceOf, templateLanguages, type TemplateLanguage } from '../../domain/messages/index.js';
import { claimVoicemail, releaseVoicemail, templateRecordingUrl } from '../../db/queries/calls.js';
import { findCallInScope } from './read-call.js';
import { loadMessageRecipient } from '../../db/queries/message-recipient.js';
import { findTemplateIn } from '../../db/queries/message-templates.js';
import { authorizeTouch } from '../authorize-touch.js';
import { recordOutcome, type RecordOutcomeResult } from '../record-outcome.js';
import { blockedByGate } from './place-call.js';
import { openCaseForCall } from './call-case.js';
import type { VoiceDeps } from './voice-deps.js';

export interface DropVoicemailRequest {
  callId: number;
  userId: number;
  scope?: LocationScope;
}

const speechLanguage: Record<TemplateLanguage, string> = { en: 'en-US', es: 'es-US' };

export async function dropVoicemail(deps: VoiceDeps, request: DropVoicemailRequest): Promise<RecordOutcomeResult & { templateKey: string; contentSha256: string; spoken: 'say' | 'play' }> {
  const { db } = deps.store;
  // Scope first: another office's call answers exactly like a missing one, whatever else is true.
  const call = await findCallInScope(deps, request.callId, request.scope);
  const provider = deps.voice.provider;
  if (!provider) throw new AppError('conflict', 'No voice provider is configured, so Recare cannot leave a voicemail; leave it by hand and record "Left message".');
  if (call.direction !== 'out' || call.case_id === null) throw new AppError('conflict', `Call #${call.id} is not a call Recare placed; a voicemail goes on an outgoing call.`);
  const { theCase, lead } = await openCaseForCall(deps, call.case_id, request.scope);
  if (call.user_id !== request.userId) throw new AppError('conflict', `Call #${call.id} is another person's call; only the person on it can leave the voicemail.`);
  if (call.voicemail_at !== null) throw new AppError('conflict', `A voicemail was already left on call #${call.id} at ${call.voicemail_at.toISOString()}.`);
  if (call.state !== 'in-progress' || call.patient_leg_sid === null) {
    throw new AppError('conflict', `Call #${call.id} is ${call.state === 'in-progress' ? 'not connected to the patient yet' : call.state}; a voicemail goes on a call the patient's voicemail has answered.`);
  }

  const authorization = await authorizeTouch(deps, {
    patient: { recareId: theCase.patientId }, channel: 'voicemail', purpose: lead.purpose, automated: true, programKey: lead.key, actorUserId: request.userId,
    excludeAttemptId: call.attempt_id,
  });
  if (!authorization.decision.allowed) {
    throw blockedByGate(authorization.decision.reasons, authorization.decision.nextAllowedAt);
  }

  const templateKey = lead.templateKeys.voicemail ?? 'default_voicemail';
  const recipient = await loadMessageRecipient(db, theCase.patientId, call.location_id);
  if (!recipient) throw new AppError('not_found', `Patient of call #${call.id} not found.`);
  const language: TemplateLanguage = (templateLanguages as readonly string[]).includes(recipient.language) ? recipient.language as TemplateLanguage : 'en';
  const template = await findTemplateIn(db, templateKey, [language, 'en']);
  if (!template) throw new AppError('conflict', `The voicemail template "${templateKey}" of program ${lead.key} does not exist; add it on the Templates page.`);
  const recordingUrl = await templateRecordingUrl(db, template.id);
  const values = messageValues({
    language: template.language,
    practice: { name: recipient.office.name, phone: recipient.office.phone, address: recipient.office.address, timeZone: recipient.office.timeZone },
    firstName: recipient.firstName, appointmentStart: null, providerName: null, portalLink: null, bookingLink: null,
  });
  const body = renderTemplate(template.body, values);
  if (body.missing.length > 0) throw new AppError('conflict', `The voicemail template "${template.key}" needs ${body.missing.map((m) => `{{${m}}}`).join(', ')}, which this patient's record does not have; edit the template.`);
  const problems = lintTemplate(surfaceOf('voicemail', 'body'), body.text).problems;
  if (problems.length > 0) throw new AppError('conflict', `The voicemail was not left: the rendered text failed the template check (${problems.map((p) => p.message).join('; ')}). Edit the template "${template.key}".`);
  const message = recordingUrl ? { kind: 'play' as const, url: recordingUrl } : { kind: 'say' as const, text: body.text, language: speechLanguage[template.language] };
  const contentSha256 = createHash('sha256').update(message.kind === 'play' ? message.url : message.text).digest('hex');

  // Claimed before the provider is asked: a second press finds it taken and plays nothing.
  const claimedAt = deps.clock.now();
  if (!await claimVoicemail(db, call.id, claimedAt)) throw new AppError('conflict', `A voicemail is already being left on call #${call.id}.`);
  const updated = await provider.updateCall(call.patient_leg_sid, provider.instructions.voicemail(message));
  if (!updated.ok) {
    await releaseVoicemail(db, call.id, claimedAt);
    throw new AppError('conflict', `The voice provider did not take the voicemail: ${updated.failure.message}. Leave it by hand, or record the outcome.`);
  }
  deps.log.info({ callId: call.id, caseId: theCase.id, templateKey: template.key, decisionId: authorization.decisionId }, 'voicemail left');
  const result = await recordOutcome(deps, {
    caseId: theCase.id, outcome: 'Left message', channel: 'voicemail', callId: call.id, templateKey: template.key, contentSha256, authorization,
    actorUserId: request.userId, ...(request.scope ? { scope: request.scope } : {}),
  });
  return { ...result, templateKey: template.key, contentSha256, spoken: message.kind };
}
