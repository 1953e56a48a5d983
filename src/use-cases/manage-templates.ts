/**
 * Message templates through the API (managers): list them with the programs that use each one and
 * the variables each part may use; read one; save one. A save is checked first — key, language,
 * channel, lengths, and the template linter on every part — and nothing is stored unless all of it
 * passes; each problem comes back with its rule, the offending text and what is allowed there.
 */
import { AppError, type ErrorIssue } from '../domain/errors.js';
import {
  allowedVariables, defaultTemplates, lintMessageTemplate, surfaceOf, templateChannels, templateKeyFor, templateKeyPattern, templateLanguages, templateLimits,
  templateVariables, type TemplateChannel, type TemplateFinding, type TemplateLanguage,
} from '../domain/messages/index.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { userNames } from '../db/queries/cases.js';
import { channelOfKey, findTemplate, listTemplates, saveTemplate, seedDefaultTemplates, type StoredTemplate } from '../db/queries/message-templates.js';
import { loadPrograms } from '../db/queries/recall-programs.js';
import type { Deps } from './deps.js';

export interface TemplateView {
  key: string;
  channel: TemplateChannel;
  language: TemplateLanguage;
  subject: string | null;
  body: string;
  updatedAt: string;
  updatedBy: string | null;
  /** Whether the text is still the seeded default. */
  isDefault: boolean;
  /** Programs that send this template on its channel. */
  usedBy: { program: string; name: string }[];
}

export interface TemplateList {
  templates: TemplateView[];
  channels: readonly TemplateChannel[];
  languages: readonly TemplateLanguage[];
  /** Every variable, its privacy level, and the parts of each channel it may appear in. */
  variables: { name: string; privacy: string; description: string; allowedIn: string[] }[];
  limits: typeof templateLimits;
}

export async function readTemplates(deps: Pick<Deps, 'store'>): Promise<TemplateList> {
  const [stored, programs] = await Promise.all([listTemplates(deps.store.db), loadPrograms(deps.store.db)]);
  const names = await userNames(deps.store.db, [...new Set(stored.flatMap((t) => (t.updatedBy === null ? [] : [t.updatedBy])))]);
  const usage = new Map<string, { program: string; name: string }[]>();
  for (const { program } of programs) {
    for (const channel of templateChannels) {
      const key = `${templateKeyFor(program.templateKeys, channel)}/${channel}`;
      usage.set(key, [...(usage.get(key) ?? []), { program: program.key, name: program.name }]);
    }
  }
  const surfaces = templateChannels.flatMap((c) => (c === 'email' ? [surfaceOf(c, 'subject'), surfaceOf(c, 'body')] : [surfaceOf(c, 'body')]));
  return {
    templates: stored.map((t) => viewOf(t, names, usage.get(`${t.key}/${t.channel}`) ?? [])),
    channels: templateChannels,
    languages: templateLanguages,
    variables: templateVariables.map((v) => ({ name: v.name, privacy: v.privacy, description: v.description, allowedIn: surfaces.filter((s) => allowedVariables(s).includes(v.name)) })),
    limits: templateLimits,
  };
}

export async function readTemplate(deps: Pick<Deps, 'store'>, key: string, language: string): Promise<TemplateView> {
  const lang = checkKeyAndLanguage(key, language);
  const found = await findTemplate(deps.store.db, key, lang);
  if (!found) throw new AppError('not_found', `No template "${key}" in ${JSON.stringify(language)}; GET /api/templates lists them.`);
  const names = await userNames(deps.store.db, found.updatedBy === null ? [] : [found.updatedBy]);
  return viewOf(found, names, []);
}

export interface SaveTemplateRequest {
  key: string;
  language: string;
  /** Needed only for a new key; an existing key keeps its channel. */
  channel?: string | null;
  subject?: string | null;
  body: unknown;
  /** The updatedAt the editor loaded; a save over someone else's newer one is refused. */
  expectedUpdatedAt?: Date | null;
  actorUserId: number | null;
}

export type SavedTemplate = TemplateView & { saved: true };

export async function saveMessageTemplate(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: SaveTemplateRequest): Promise<SavedTemplate> {
  const { db } = deps.store;
  const language = checkKeyAndLanguage(request.key, request.language);
  await seedDefaultTemplates(db); // so a default key is an existing one, with its channel
  const storedChannel = await channelOfKey(db, request.key);
  const channel = storedChannel ?? checkChannel(request.channel);
  if (storedChannel && request.channel && request.channel !== storedChannel) {
    throw new AppError('invalid_input', `Template "${request.key}" is a ${storedChannel} template; its channel cannot change (given ${JSON.stringify(request.channel)}). Save it under a new key instead.`,
      [{ path: 'channel', value: request.channel, message: `must be ${storedChannel}` }]);
  }
  const text = checkText(channel, request.subject ?? null, request.body);
  const findings = lintMessageTemplate(channel, text);
  if (findings.length > 0) {
    throw new AppError('invalid_input',
      `The ${channel} template "${request.key}" (${language}) was not saved: the template linter found ${findings.length} problem${findings.length === 1 ? '' : 's'}: ` +
      findings.map((f) => `[${f.rule}] ${f.message}`).join('; '),
      findings.map(findingIssue));
  }
  const now = deps.clock.now();
  const saved = await deps.store.transaction(async (tx) => {
    const row = await saveTemplate(tx.db, { key: request.key, channel, language, ...text, updatedBy: request.actorUserId, now, expectedUpdatedAt: request.expectedUpdatedAt ?? null });
    if (!row) {
      throw new AppError('conflict', `Template "${request.key}" (${language}) was saved by someone else after you opened it (you loaded the version of ${request.expectedUpdatedAt?.toISOString()}); reload it, then make your change again.`);
    }
    await appendAuditEvent(tx.db, {
      actorUserId: request.actorUserId, actorKind: request.actorUserId === null ? 'cli' : 'user', action: 'template.save', entityType: 'message_template',
      entityId: `${request.key}/${language}`, patientId: null, remoteAddress: null, details: { key: request.key, language, channel },
    });
    return row;
  });
  // Ids only: a template's text is a message body.
  deps.log.info({ templateKey: request.key, language, channel }, 'message template saved');
  const names = await userNames(db, saved.updatedBy === null ? [] : [saved.updatedBy]);
  return { ...viewOf(saved, names, []), saved: true };
}

/** The linter's finding as an error issue: the part, the offending text, the rule and what is allowed. */
export function findingIssue(f: TemplateFinding): ErrorIssue {
  const allowed = /allowed:/.test(f.message) ? '' : `; variables allowed here: ${f.allowedVariables.map((v) => `{{${v}}}`).join(', ')}`;
  return { path: f.part, value: f.excerpt, rule: f.rule, message: `${f.message}${allowed}` };
}

export function checkKeyAndLanguage(key: string, language: string): TemplateLanguage {
  const issues: ErrorIssue[] = [];
  if (!templateKeyPattern.test(key)) issues.push({ path: 'key', value: key, message: 'a template key is 2 to 64 lowercase letters, digits and underscores, starting with a letter (e.g. hygiene_recall_sms)' });
  if (!(templateLanguages as readonly string[]).includes(language)) issues.push({ path: 'language', value: language, message: `one of ${templateLanguages.join(', ')}` });
  if (issues.length > 0) throw new AppError('invalid_input', `Not a template: ${issues.map((i) => `${i.path} ${JSON.stringify(i.value)}: ${i.message}`).join('; ')}.`, issues);
  return language as TemplateLanguage;
}

export function checkChannel(channel: string | null | undefined): TemplateChannel {
  if (channel && (templateChannels as readonly string[]).includes(channel)) return channel as TemplateChannel;
  throw new AppError('invalid_input', `A new template needs its channel: one of ${templateChannels.join(', ')} (given ${JSON.stringify(channel ?? null)}).`,
    [{ path: 'channel', value: channel ?? null, message: `one of ${templateChannels.join(', ')}` }]);
}

export function checkText(channel: TemplateChannel, subject: string | null, body: unknown): { subject: string | null; body: string } {
  const issues: ErrorIssue[] = [];
  const limit = templateLimits.body[channel];
  if (typeof body !== 'string' || body.trim().length === 0) issues.push({ path: 'body', value: body ?? null, message: 'the message text is required' });
  else if (body.length > limit) issues.push({ path: 'body', value: `${body.length} characters`, message: `at most ${limit} characters for ${channel}` });
  if (channel === 'email') {
    if (!subject || subject.trim().length === 0) issues.push({ path: 'subject', value: subject, message: 'an email needs a subject' });
    else if (subject.length > templateLimits.subject || /[\r\n]/.test(subject)) issues.push({ path: 'subject', value: subject, message: `one line of at most ${templateLimits.subject} characters` });
  } else if (subject) {
    issues.push({ path: 'subject', value: subject, message: `only email templates have a subject; a ${channel} template has none` });
  }
  if (issues.length > 0) throw new AppError('invalid_input', `The ${channel} template is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`, issues);
  return { subject: channel === 'email' ? (subject as string).trim() : null, body: (body as string).replace(/\r\n/g, '\n').trim() };
}

function viewOf(t: StoredTemplate, names: Map<number, string>, usedBy: { program: string; name: string }[]): TemplateView {
  const seeded = defaultTemplates.find((d) => d.key === t.key && d.language === t.language);
  return {
    key: t.key, channel: t.channel, language: t.language, subject: t.subject, body: t.body, updatedAt: t.updatedAt.toISOString(),
    updatedBy: t.updatedBy === null ? null : names.get(t.updatedBy) ?? `user ${t.updatedBy}`,
    isDefault: seeded !== undefined && seeded.subject === t.subject && seeded.body === t.body,
    usedBy,
  };
}
