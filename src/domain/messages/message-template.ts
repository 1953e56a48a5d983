/**
 * Message templates: the words of an SMS, an email (subject and body), a voicemail script or a
 * letter, per key and language. Recall programs name them by key (templateKeys); a program without
 * a key for a channel uses `default_<channel>`. A template is checked with the template linter for
 * the surface each part lands on: an SMS, a voicemail and an email subject are discreet (anyone near
 * the phone or inbox may see them), an email body and a letter are not, but never carry clinical or
 * financial variables.
 */
import { lintTemplate, type LintProblemCode } from './template-linter.js';
import { allowedVariables, type TemplateSurface } from './template-variables.js';

export const templateChannels = ['sms', 'email', 'voicemail', 'letter'] as const;
export type TemplateChannel = (typeof templateChannels)[number];

export const templateLanguages = ['en', 'es'] as const;
export type TemplateLanguage = (typeof templateLanguages)[number];

export const templateKeyPattern = /^[a-z][a-z0-9_]{1,63}$/;

/** Limits that keep a template a message, not a document. */
export const templateLimits = { subject: 150, body: { sms: 1000, voicemail: 1000, email: 10_000, letter: 10_000 } } as const;

export interface MessageTemplateText {
  /** Email only. */
  subject: string | null;
  body: string;
}

export interface MessageTemplate extends MessageTemplateText {
  key: string;
  channel: TemplateChannel;
  language: TemplateLanguage;
}

export type TemplatePart = 'subject' | 'body';

/** The linter surface each part of a channel's template is shown on. */
export function surfaceOf(channel: TemplateChannel, part: TemplatePart): TemplateSurface {
  if (channel === 'email') return part === 'subject' ? 'email_subject' : 'email_body';
  return channel;
}

/** One linter finding on a template: the rule, the offending text, and what is allowed there. */
export interface TemplateFinding {
  part: TemplatePart;
  rule: LintProblemCode;
  excerpt: string;
  message: string;
  /** The variables this part may use. */
  allowedVariables: string[];
}

export function lintMessageTemplate(channel: TemplateChannel, text: MessageTemplateText): TemplateFinding[] {
  const parts: [TemplatePart, string | null][] = [['subject', channel === 'email' ? text.subject ?? '' : null], ['body', text.body]];
  return parts.flatMap(([part, value]) => {
    if (value === null) return [];
    const surface = surfaceOf(channel, part);
    return lintTemplate(surface, value).problems.map((p) => ({ part, rule: p.code, excerpt: p.excerpt, message: p.message, allowedVariables: allowedVariables(surface) }));
  });
}

/** The template key a program uses for a channel. */
export function templateKeyFor(templateKeys: Partial<Record<TemplateChannel, string>>, channel: TemplateChannel): string {
  return templateKeys[channel] ?? `default_${channel}`;
}
