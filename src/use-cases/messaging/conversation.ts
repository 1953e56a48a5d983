/**
 * The case screen's conversation: every text and email of the patient (sent, queued, skipped or
 * failed, with its delivery state and why) and every reply, oldest first; and staff sending a text or
 * an email from a template or in their own words. The gate checks at send time (the dispatcher's hand-off);
 * the linter warns on free text that names a procedure, diagnosis or amount, and sending it needs the
 * writer's confirmation; a template that fails the linter cannot be saved in the first place.
 */
import { randomBytes } from 'node:crypto';
import type { LocationScope } from '../../domain/access/index.js';
import { inScope } from '../../domain/access/index.js';
import { AppError } from '../../domain/errors.js';
import { lintTemplate, surfaceOf } from '../../domain/messages/index.js';
import { findCaseById } from '../../db/queries/cases.js';
import { markCaseRepliesHandled } from '../../db/queries/inbound-messages.js';
import { claimEntry, insertOutboxEntry } from '../../db/queries/outbox.js';
import { listTemplates } from '../../db/queries/message-templates.js';
import { patientMessages } from '../../db/queries/conversation.js';
import { loadEngineContext } from '../shared/engine-context.js';
import { handOff } from './hand-off.js';
import type { MessagingDeps } from './messaging-deps.js';

export interface ConversationMessage {
  id: string;
  direction: 'out' | 'in';
  channel: 'sms' | 'email';
  at: string;
  text: string;
  subject: string | null;
  state: string | null;
  delivery: string | null;
  reason: string | null;
  origin: string | null;
  flagged: boolean;
  author: string | null;
}

async function caseInScope(deps: Pick<MessagingDeps, 'store'>, caseId: number, scope: LocationScope) {
  const found = await findCaseById(deps.store.db, caseId);
  if (!found || !inScope(scope, found.patientLocationId)) throw new AppError('not_found', `No case #${caseId} is visible to you.`);
  return found;
}

export async function readConversation(deps: Pick<MessagingDeps, 'store'>, request: { caseId: number; scope: LocationScope }) {
  const { db } = deps.store;
  const theCase = await caseInScope(deps, request.caseId, request.scope);
  const { outbound, inbound } = await patientMessages(db, theCase.patientId);
  const messages: ConversationMessage[] = [
    ...outbound.map((o) => ({
      id: `out-${o.id}`, direction: 'out' as const, channel: o.channel as 'sms' | 'email', at: (o.sent_at ?? o.created_at).toISOString(),
      text: o.body ?? o.free_text ?? (o.template_key ? `(${o.template_key}: written when it is sent)` : ''), subject: o.subject, state: o.state,
      delivery: o.delivery_state, reason: o.reason, origin: o.origin, flagged: false, author: o.author ?? (o.origin === 'cadence' ? 'Recare (automated)' : null),
    })),
    ...inbound.map((i) => ({
      id: `in-${i.id}`, direction: 'in' as const, channel: i.channel as 'sms' | 'email', at: i.received_at.toISOString(), text: i.body, subject: null, state: null,
      delivery: null, reason: null, origin: null, flagged: i.flagged, author: null,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const templates = (await listTemplates(db)).filter((t) => (t.channel === 'sms' || t.channel === 'email') && t.language === 'en').map((t) => ({ key: t.key, channel: t.channel }));
  return { caseId: theCase.id, patientId: theCase.patientExternalId, messages, templates };
}

export interface StaffMessageRequest {
  caseId: number;
  scope: LocationScope;
  userId: number;
  channel: 'sms' | 'email';
  templateKey?: string | undefined;
  text?: string | undefined;
  subject?: string | undefined;
  confirmWarnings?: boolean | undefined;
}

export async function sendStaffMessage(deps: MessagingDeps, request: StaffMessageRequest) {
  const { db } = deps.store;
  const now = deps.clock.now();
  const theCase = await caseInScope(deps, request.caseId, request.scope);
  if (theCase.state === 'closed') throw new AppError('conflict', `Case #${theCase.id} is closed; open the patient's new case to write to them.`);
  const text = request.text?.trim();
  if (!request.templateKey === !text) {
    throw new AppError('invalid_input', 'Give either a template (templateKey) or your own words (text), not both and not neither.', [{ path: request.templateKey ? 'text' : 'templateKey', message: 'exactly one of templateKey and text' }]);
  }
  const warnings: string[] = [];
  if (text) {
    const limit = request.channel === 'sms' ? 640 : 5000;
    if (text.length > limit) throw new AppError('invalid_input', `The message is ${text.length} characters; a ${request.channel === 'sms' ? 'text' : 'email'} may have at most ${limit}.`, [{ path: 'text', message: `at most ${limit} characters` }]);
    if (request.channel === 'email' && !request.subject?.trim()) throw new AppError('invalid_input', 'An email needs a subject.', [{ path: 'subject', message: 'required for email' }]);
    const problems = [...lintTemplate(surfaceOf(request.channel, 'body'), text).problems, ...(request.subject ? lintTemplate(surfaceOf(request.channel, 'subject'), request.subject).problems : [])];
    warnings.push(...problems.map((p) => p.message));
    if (problems.length > 0 && !request.confirmWarnings) {
      throw new AppError('invalid_input', `This message may reveal private details: ${problems.map((p) => p.message).join('; ')}. Rewrite it, or confirm to send it anyway.`,
        problems.map((p) => ({ path: 'text', value: p.excerpt, message: p.message, rule: p.code })));
    }
  } else {
    const templates = await listTemplates(db);
    const template = templates.find((t) => t.key === request.templateKey);
    if (!template || template.channel !== request.channel) {
      throw new AppError('invalid_input', `No ${request.channel} template "${request.templateKey ?? ''}"; choose one of: ${[...new Set(templates.filter((t) => t.channel === request.channel).map((t) => t.key))].join(', ')}`, [{ path: 'templateKey', value: request.templateKey, message: 'not a template of this channel' }]);
    }
  }
  const lead = theCase.leadProgramKey;
  // The gate judges a staff text by what the case is for (a reactivation needs what a reactivation needs).
  const purpose = (lead ? (await loadEngineContext(deps)).programByKey.get(lead)?.program.purpose : undefined) ?? 'recall_due';
  const key = `staff-${theCase.id}-${randomBytes(8).toString('hex')}`;
  const entry = await insertOutboxEntry(db, {
    key, origin: 'staff', channel: request.channel, patient_id: theCase.patientId, case_id: theCase.id, location_id: theCase.locationId ?? theCase.patientLocationId, cadence_step: null,
    purpose, program_key: lead, template_key: request.templateKey ?? null, free_text: text ?? null, to_address: null, body: null,
    subject: request.subject?.trim() || null, due_at: now, next_try_at: now, created_by: request.userId, created_at: now, updated_at: now,
  });
  if (!entry) throw new AppError('conflict', 'That message was already sent a moment ago.');
  await markCaseRepliesHandled(db, theCase.id, request.userId, now);
  // Sent now, through the same hand-off as automation (gate, attempt before the provider call).
  const claimed = await claimEntry(db, entry.id, deps.workerId, now, deps.messaging.leaseSeconds);
  if (claimed) await handOff(deps, claimed);
  const after = await db.selectFrom('outbox').select(['state', 'reason']).where('id', '=', entry.id).executeTakeFirstOrThrow();
  return { outboxId: entry.id, state: after.state, reason: after.reason, warnings };
}
