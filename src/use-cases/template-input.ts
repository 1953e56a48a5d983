/**
 * The checks of a template as a manager types it (key, language, channel, subject and body lengths),
 * shared by the save and the preview: each problem says what is wrong, what was given and what is
 * allowed; the linter's findings become error issues the same way.
 */
import { AppError, type ErrorIssue } from '../domain/errors.js';
import {
  templateChannels, templateKeyPattern, templateLanguages, templateLimits, type TemplateChannel, type TemplateFinding, type TemplateLanguage,
} from '../domain/messages/index.js';

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
