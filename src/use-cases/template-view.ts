/**
 * A stored message template as the API shows it: its text, who changed it last, whether it is still
 * the seeded default, and the programs that send it. Shared by the template reads and the save.
 */
import { defaultTemplates, type TemplateChannel, type TemplateLanguage } from '../domain/messages/index.js';
import type { StoredTemplate } from '../db/queries/message-templates.js';

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
  /** A voicemail template's recording, played instead of text-to-speech; null: spoken from the text. */
  recordingUrl: string | null;
}

export function viewOf(t: StoredTemplate, names: Map<number, string>, usedBy: { program: string; name: string }[]): TemplateView {
  const seeded = defaultTemplates.find((d) => d.key === t.key && d.language === t.language);
  return {
    key: t.key, channel: t.channel, language: t.language, subject: t.subject, body: t.body, updatedAt: t.updatedAt.toISOString(),
    updatedBy: t.updatedBy === null ? null : names.get(t.updatedBy) ?? `user ${t.updatedBy}`,
    isDefault: seeded !== undefined && seeded.subject === t.subject && seeded.body === t.body,
    usedBy,
    recordingUrl: t.recordingUrl,
  };
}
