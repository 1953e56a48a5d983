/**
 * A template preview: the text (as saved, or as being edited) rendered for a fictitious sample
 * patient at one of the caller's offices, with the linter's findings on the template and on the
 * rendered text, and for an SMS its encoding and segment count. Reads nothing about real patients.
 */
import type { LocationScope } from '../domain/access/index.js';
import { AppError } from '../domain/errors.js';
import {
  countSmsSegments, lintMessageTemplate, renderTemplate, sampleTemplateValues, type SmsSegmentCount, type TemplateChannel, type TemplateFinding,
  type TemplateLanguage,
} from '../domain/messages/index.js';
import { channelOfKey, findTemplate } from '../db/queries/message-templates.js';
import { officeProfileInScope, organizationName } from '../db/queries/office-profile.js';
import type { Deps } from './deps.js';
import { checkChannel, checkKeyAndLanguage, checkText } from './template-input.js';

export interface PreviewTemplateRequest {
  /** A stored template's key; with no `body`, its saved text is previewed. */
  key?: string | null;
  language: string;
  /** For unsaved text: the channel (taken from the key when it exists). */
  channel?: string | null;
  subject?: string | null;
  body?: string | null;
  /** An office id ("TPA") among the caller's; default their first. */
  location?: string | null;
  scope: LocationScope;
}

export interface TemplatePreview {
  key: string | null;
  channel: TemplateChannel;
  language: TemplateLanguage;
  sample: { patient: string; office: string };
  rendered: { subject: string | null; body: string };
  /** Variables the text uses that the sample has no value for. */
  missing: string[];
  /** The linter on the template itself (what a save checks). */
  findings: TemplateFinding[];
  /** The linter on the rendered text (a value can carry what a name does not). */
  renderedFindings: TemplateFinding[];
  sms: (SmsSegmentCount & { characters: number }) | null;
}

export async function previewTemplate(deps: Pick<Deps, 'store' | 'clock'>, request: PreviewTemplateRequest): Promise<TemplatePreview> {
  const { db } = deps.store;
  const language = checkKeyAndLanguage(request.key ?? 'unsaved_template', request.language);
  const key = request.key ?? null;
  let channel: TemplateChannel;
  let text: { subject: string | null; body: string };
  if (request.body === undefined || request.body === null) {
    if (key === null) throw new AppError('invalid_input', 'Give a template key to preview its saved text, or the text itself (channel, body and, for email, subject).', [{ path: 'body', message: 'required without a key' }]);
    const stored = await findTemplate(db, key, language);
    if (!stored) throw new AppError('not_found', `No template "${key}" in ${language}; GET /api/templates lists them.`);
    channel = stored.channel;
    text = { subject: stored.subject, body: stored.body };
  } else {
    channel = (key !== null ? await channelOfKey(db, key) : undefined) ?? checkChannel(request.channel);
    text = checkText(channel, request.subject ?? null, request.body);
  }

  const office = await officeProfileInScope(db, request.scope, request.location ?? null);
  if (!office && request.location) throw new AppError('not_found', `No office ${JSON.stringify(request.location)} is visible to you.`);
  const practice = office ?? { name: (await organizationName(db)) ?? 'Your practice', phone: null, address: null, timeZone: 'America/New_York', externalId: '' };
  const sample = sampleTemplateValues(language, practice, deps.clock.now());
  const subject = text.subject === null ? null : renderTemplate(text.subject, sample.values);
  const body = renderTemplate(text.body, sample.values);
  const rendered = { subject: subject?.text ?? null, body: body.text };
  return {
    key, channel, language,
    sample: { patient: `${sample.patient.firstName} ${sample.patient.lastName} (sample)`, office: practice.name },
    rendered,
    missing: [...new Set([...(subject?.missing ?? []), ...body.missing])],
    findings: lintMessageTemplate(channel, text),
    renderedFindings: lintMessageTemplate(channel, rendered),
    sms: channel === 'sms' ? { ...countSmsSegments(rendered.body), characters: [...rendered.body].length } : null,
  };
}
