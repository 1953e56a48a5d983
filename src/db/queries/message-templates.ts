/**
 * Message templates as stored rows, one per key and language. The defaults are seeded when missing
 * (by key and language, so a manager's edit is never overwritten); every read goes through here, so
 * whatever renders a message reads what managers saved.
 */
import { sql, type Kysely } from 'kysely';
import { defaultTemplates, type MessageTemplate, type TemplateChannel, type TemplateLanguage } from '../../domain/messages/index.js';
import type { Database } from '../schema.js';

export interface StoredTemplate extends MessageTemplate {
  id: number;
  updatedAt: Date;
  updatedBy: number | null;
  /** A voicemail template's recording (played instead of text-to-speech), or null. */
  recordingUrl: string | null;
}

const columns = ['id', 'key', 'channel', 'language', 'subject', 'body', 'updated_at', 'updated_by', 'recording_url'] as const;

function fromRow(r: { id: number; key: string; channel: TemplateChannel; language: TemplateLanguage; subject: string | null; body: string; updated_at: Date; updated_by: number | null; recording_url: string | null }): StoredTemplate {
  return { id: r.id, key: r.key, channel: r.channel, language: r.language, subject: r.subject, body: r.body, updatedAt: r.updated_at, updatedBy: r.updated_by, recordingUrl: r.recording_url };
}

/** Inserts the default templates whose key and language are missing; returns how many. */
export async function seedDefaultTemplates(db: Kysely<Database>): Promise<number> {
  const present = new Set((await db.selectFrom('message_templates').select(['key', 'language']).execute()).map((r) => `${r.key}/${r.language}`));
  const missing = defaultTemplates.filter((t) => !present.has(`${t.key}/${t.language}`));
  if (missing.length === 0) return 0;
  const inserted = await db.insertInto('message_templates')
    .values(missing.map((t) => ({ key: t.key, channel: t.channel, language: t.language, subject: t.subject, body: t.body })))
    .onConflict((oc) => oc.columns(['key', 'language']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/** Every template (defaults seeded first), by key then language; optionally one channel only. */
export async function listTemplates(db: Kysely<Database>, channel?: TemplateChannel): Promise<StoredTemplate[]> {
  await seedDefaultTemplates(db);
  let query = db.selectFrom('message_templates').select(columns);
  if (channel) query = query.where('channel', '=', channel);
  return (await query.orderBy('key').orderBy('language').execute()).map(fromRow);
}

export async function findTemplate(db: Kysely<Database>, key: string, language: TemplateLanguage): Promise<StoredTemplate | undefined> {
  return findTemplateIn(db, key, [language]);
}

/**
 * The key's template in the first of `languages` that has one (English as the last resort for a
 * message). The defaults are seeded only when the first language's is not stored: a stored row is
 * what seeding would leave as it is, and this runs for every message handed off.
 */
export async function findTemplateIn(db: Kysely<Database>, key: string, languages: readonly [TemplateLanguage, ...TemplateLanguage[]]): Promise<StoredTemplate | undefined> {
  const read = async () => {
    const rows = await db.selectFrom('message_templates').select(columns).where('key', '=', key).where('language', 'in', [...languages]).execute();
    return languages.map((language) => rows.find((r) => r.language === language)).filter((r) => r !== undefined);
  };
  let found = await read();
  if (found[0]?.language !== languages[0]) {
    await seedDefaultTemplates(db);
    found = await read();
  }
  return found[0] && fromRow(found[0]);
}

/** The channel a key is stored with (any language), if the key exists. */
export async function channelOfKey(db: Kysely<Database>, key: string): Promise<TemplateChannel | undefined> {
  const row = await db.selectFrom('message_templates').select('channel').where('key', '=', key).limit(1).executeTakeFirst();
  return row?.channel;
}

/**
 * Inserts a template, or replaces its text; with `expectedUpdatedAt`, only while nobody saved it
 * since (undefined when someone did).
 */
export async function saveTemplate(
  db: Kysely<Database>,
  t: MessageTemplate & { updatedBy: number | null; now: Date; expectedUpdatedAt: Date | null; recordingUrl?: string | null },
): Promise<StoredTemplate | undefined> {
  // Undefined keeps the stored recording; null removes it.
  const recording = t.recordingUrl === undefined ? {} : { recording_url: t.recordingUrl };
  if (t.expectedUpdatedAt !== null) {
    const row = await db.updateTable('message_templates').set({ subject: t.subject, body: t.body, updated_by: t.updatedBy, updated_at: t.now, ...recording })
      // The editor holds milliseconds (JSON); a seeded row's now() has microseconds.
      .where('key', '=', t.key).where('language', '=', t.language).where(sql<Date>`date_trunc('milliseconds', updated_at)`, '=', t.expectedUpdatedAt)
      .returning(columns).executeTakeFirst();
    return row && fromRow(row);
  }
  const row = await db.insertInto('message_templates')
    .values({ key: t.key, channel: t.channel, language: t.language, subject: t.subject, body: t.body, updated_by: t.updatedBy, updated_at: t.now, ...recording })
    .onConflict((oc) => oc.columns(['key', 'language']).doUpdateSet({ subject: t.subject, body: t.body, updated_by: t.updatedBy, updated_at: t.now, ...recording }))
    .returning(columns)
    .executeTakeFirstOrThrow();
  return fromRow(row);
}
