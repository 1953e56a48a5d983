/**
 * The templates Recare seeds, read from templates/default-templates.json and checked when loaded:
 * every one must pass the template linter, so a default can never be what a manager is told to fix.
 */
import data from './templates/default-templates.json' with { type: 'json' };
import { lintMessageTemplate, templateChannels, templateKeyPattern, templateLanguages, type MessageTemplate, type TemplateChannel } from './message-template.js';

function load(): MessageTemplate[] {
  const out: MessageTemplate[] = [];
  for (const entry of data.templates as { key: string; channel: string; [language: string]: unknown }[]) {
    if (!templateKeyPattern.test(entry.key) || !(templateChannels as readonly string[]).includes(entry.channel)) {
      throw new Error(`templates/default-templates.json: bad key or channel in ${JSON.stringify({ key: entry.key, channel: entry.channel })}`);
    }
    const channel = entry.channel as TemplateChannel;
    for (const language of templateLanguages) {
      const text = entry[language] as { subject?: string; body: string } | undefined;
      if (!text?.body) throw new Error(`templates/default-templates.json: ${entry.key} has no ${language} text`);
      const template: MessageTemplate = { key: entry.key, channel, language, subject: channel === 'email' ? text.subject ?? '' : null, body: text.body };
      const findings = lintMessageTemplate(channel, template);
      if (findings.length > 0) throw new Error(`templates/default-templates.json: ${entry.key} (${language}) fails the linter: ${findings.map((f) => f.message).join('; ')}`);
      out.push(template);
    }
  }
  return out;
}

export const defaultTemplates: readonly MessageTemplate[] = load();
