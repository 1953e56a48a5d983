/** One message template by key and language (managers). */
import { AppError } from '../domain/errors.js';
import { findTemplate } from '../db/queries/message-templates.js';
import { userNames } from '../db/queries/cases.js';
import type { Deps } from './deps.js';
import { checkKeyAndLanguage } from './template-input.js';
import { viewOf, type TemplateView } from './template-view.js';

export async function readTemplate(deps: Pick<Deps, 'store'>, key: string, language: string): Promise<TemplateView> {
  const lang = checkKeyAndLanguage(key, language);
  const found = await findTemplate(deps.store.db, key, lang);
  if (!found) throw new AppError('not_found', `No template "${key}" in ${JSON.stringify(language)}; GET /api/templates lists them.`);
  const names = await userNames(deps.store.db, found.updatedBy === null ? [] : [found.updatedBy]);
  return viewOf(found, names, []);
}
