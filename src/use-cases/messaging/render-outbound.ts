/**
 * The text a queued message carries, rendered at hand-off for this patient: the program's template in
 * the patient's language (English when there is none in theirs), filled with allow-listed values only,
 * and the *rendered* text checked again by the template linter. A staff member's free text was checked
 * when it was written; HELP/STOP answers and test messages carry their own fixed text.
 */
import type { Kysely } from 'kysely';
import { lintTemplate, messageValues, renderTemplate, surfaceOf, templateLanguages, type TemplateLanguage } from '../../domain/messages/index.js';
import type { Database } from '../../db/schema.js';
import { findTemplateIn } from '../../db/queries/message-templates.js';
import type { MessageRecipient } from '../../db/queries/message-recipient.js';
import type { OutboxRow } from '../../db/queries/outbox.js';
import { mintMessageLink } from '../booking/issue-link.js';

/** `secret`: a value in the text that must not outlive the message (a booking link's token); null when there is none. */
export type RenderedMessage = { ok: true; text: string; subject: string | null; html: string | null; secret: string | null } | { ok: false; reason: string };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** The email's HTML part: the same words, paragraph by paragraph. */
export function htmlOf(text: string): string {
  return `<!doctype html><html><body style="font-family:sans-serif;font-size:15px;line-height:1.5">${text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('')}</body></html>`;
}

export async function renderOutbound(db: Kysely<Database>, entry: OutboxRow, recipient: MessageRecipient, appointment: { startsAt: Date; providerName: string | null } | null, portalUrl: string | null, links?: { baseUrl: string | null; now: Date }): Promise<RenderedMessage> {
  if (entry.origin !== 'cadence' && (entry.free_text !== null || entry.template_key === null)) {
    const text = entry.free_text ?? entry.body;
    if (!text) return { ok: false, reason: 'the message has no text' };
    return { ok: true, text, subject: entry.subject, html: entry.channel === 'email' ? htmlOf(text) : null, secret: entry.secret };
  }
  if (!entry.template_key) return { ok: false, reason: `program "${entry.program_key ?? '?'}" names no ${entry.channel} template` };
  const language: TemplateLanguage = (templateLanguages as readonly string[]).includes(recipient.language) ? recipient.language as TemplateLanguage : 'en';
  const template = await findTemplateIn(db, entry.template_key, [language, 'en']);
  if (!template) return { ok: false, reason: `template "${entry.template_key}" does not exist` };
  // A booking link is minted only for a template that asks for one (a stored row per message).
  const wantsLink = links !== undefined && entry.patient_id !== null && /\{\{\s*booking_link\s*\}\}/.test(`${template.body}${template.subject ?? ''}`);
  const minted = wantsLink ? await mintMessageLink(db, { patientId: entry.patient_id as number, caseId: entry.case_id, now: links.now, baseUrl: links.baseUrl }) : null;
  const values = messageValues({
    language: template.language,
    practice: { name: recipient.office.name, phone: recipient.office.phone, address: recipient.office.address, timeZone: recipient.office.timeZone },
    firstName: recipient.firstName, appointmentStart: appointment?.startsAt ?? null, providerName: appointment?.providerName ?? null, portalLink: portalUrl, bookingLink: minted?.url ?? null,
  });
  const body = renderTemplate(template.body, values);
  const subject = template.subject !== null ? renderTemplate(template.subject, values) : null;
  const missing = [...body.missing, ...(subject?.missing ?? [])];
  if (missing.length > 0) return { ok: false, reason: `template "${template.key}" needs ${missing.map((m) => `{{${m}}}`).join(', ')}, which this patient's record does not have${missing.includes('portal_link') ? ' (set PATIENT_PORTAL_URL, or edit the template)' : ''}${missing.includes('booking_link') ? ' (booking links need PUBLIC_BASE_URL and an open case)' : ''}` };
  const channel = entry.channel;
  const problems = [
    ...lintTemplate(surfaceOf(channel, 'body'), body.text).problems,
    ...(subject ? lintTemplate(surfaceOf(channel, 'subject'), subject.text).problems : []),
  ];
  if (problems.length > 0) return { ok: false, reason: `the rendered text failed the template check: ${problems.map((p) => p.message).join('; ')}` };
  return { ok: true, text: body.text, subject: subject?.text ?? null, html: channel === 'email' ? htmlOf(body.text) : null, secret: minted?.token ?? null };
}
