/**
 * Saves a message template (managers). The save is checked first — key, language, channel, lengths,
 * and the template linter on every part — and nothing is stored unless all of it passes; each
 * problem comes back with its rule, the offending text and what is allowed there.
 */
import { AppError } from '../domain/errors.js';
import { checkRecordingUrl, lintMessageTemplate, type TemplateChannel } from '../domain/messages/index.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { userNames } from '../db/queries/cases.js';
import { channelOfKey, saveTemplate, seedDefaultTemplates } from '../db/queries/message-templates.js';
import type { Deps } from './deps.js';
import { checkChannel, checkKeyAndLanguage, checkText, findingIssue } from './template-input.js';
import { viewOf, type TemplateView } from './template-view.js';

export interface SaveTemplateRequest {
  key: string;
  language: string;
  /** Needed only for a new key; an existing key keeps its channel. */
  channel?: string | null;
  subject?: string | null;
  body: unknown;
  /** A voicemail template's recording (https MP3 or WAV); null or "" removes it; absent keeps it. */
  recordingUrl?: string | null;
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
  const recordingUrl = checkRecording(channel, request.recordingUrl);
  const now = deps.clock.now();
  const saved = await deps.store.transaction(async (tx) => {
    const row = await saveTemplate(tx.db, {
      key: request.key, channel, language, ...text, updatedBy: request.actorUserId, now, expectedUpdatedAt: request.expectedUpdatedAt ?? null,
      ...(recordingUrl === undefined ? {} : { recordingUrl }),
    });
    if (!row) {
      throw new AppError('conflict', `Template "${request.key}" (${language}) was saved by someone else after you opened it (you loaded the version of ${request.expectedUpdatedAt?.toISOString()}); reload it, then make your change again.`);
    }
    await appendAuditEvent(tx.db, {
      actorUserId: request.actorUserId, actorKind: request.actorUserId === null ? 'cli' : 'user', action: 'template.save', entityType: 'message_template',
      entityId: `${request.key}/${language}`, patientId: null, remoteAddress: null,
      details: { key: request.key, language, channel, ...(recordingUrl === undefined ? {} : { recording: recordingUrl !== null }) },
    });
    return row;
  });
  // Ids only: a template's text is a message body.
  deps.log.info({ templateKey: request.key, language, channel }, 'message template saved');
  const names = await userNames(db, saved.updatedBy === null ? [] : [saved.updatedBy]);
  return { ...viewOf(saved, names, []), saved: true };
}

/** The recording to store: undefined keeps what is stored, null removes it; only a voicemail template has one. */
function checkRecording(channel: TemplateChannel, given: string | null | undefined): string | null | undefined {
  if (given === undefined) return undefined;
  if (given === null || given.trim() === '') return null;
  if (channel !== 'voicemail') {
    throw new AppError('invalid_input', `Only a voicemail template has a recording; this is a ${channel} template (given recordingUrl ${JSON.stringify(given)}).`,
      [{ path: 'recordingUrl', value: given, message: 'only on voicemail templates' }]);
  }
  const checked = checkRecordingUrl(given);
  if (!checked.ok) throw new AppError('invalid_input', `The voicemail template was not saved: ${checked.message}.`, [{ path: 'recordingUrl', value: given, message: checked.message }]);
  return checked.url;
}
