/**
 * What the case screen says: the call scripts and decision tree (data in domain/messages/scripts),
 * and the voicemail script per recall program, read from the stored message templates, so the
 * words a manager saves on the Templates page are the words the front desk reads out.
 */
import scripts from '../domain/messages/scripts/call-scripts.json' with { type: 'json' };
import { templateKeyFor } from '../domain/messages/index.js';
import { listTemplates } from '../db/queries/message-templates.js';
import { loadPrograms } from '../db/queries/recall-programs.js';
import type { Deps } from './deps.js';

type Localized = Record<string, string>;

export type CallScripts = Omit<typeof scripts, '$comment'> & {
  /** The default voicemail script (template default_voicemail), by language. */
  voicemail: Localized;
  /** Each program's voicemail script (its templateKeys.voicemail, else the default), by program key and language. */
  voicemailByProgram: Record<string, Localized>;
};

export async function readCallScripts(deps: Pick<Deps, 'store'>): Promise<CallScripts> {
  const { $comment: _comment, ...content } = scripts;
  const [voicemails, programs] = await Promise.all([listTemplates(deps.store.db, 'voicemail'), loadPrograms(deps.store.db)]);
  const textOf = (key: string): Localized => Object.fromEntries(voicemails.filter((t) => t.key === key).map((t) => [t.language, t.body]));
  const fallback = textOf('default_voicemail');
  const voicemailByProgram = Object.fromEntries(programs.map(({ program }) => {
    const own = textOf(templateKeyFor(program.templateKeys, 'voicemail'));
    return [program.key, { ...fallback, ...own }];
  }));
  return { ...content, voicemail: fallback, voicemailByProgram };
}
