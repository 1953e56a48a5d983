/**
 * Every message template (managers), with the programs that use each one, the variables each part
 * may use and the length limits: what the template editor opens with.
 */
import {
  allowedVariables, surfaceOf, templateChannels, templateKeyFor, templateLanguages, templateLimits, templateVariables, type TemplateChannel, type TemplateLanguage,
} from '../domain/messages/index.js';
import { userNames } from '../db/queries/cases.js';
import { listTemplates } from '../db/queries/message-templates.js';
import { loadPrograms } from '../db/queries/recall-programs.js';
import type { Deps } from './deps.js';
import { viewOf, type TemplateView } from './template-view.js';

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
