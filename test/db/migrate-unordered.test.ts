/**
 * Migrations written side by side land in either order: a database that already holds a later one
 * (0006) gets an earlier one added afterwards (0005) at the next start, instead of skipping it or
 * refusing to start.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openTestStore, type TestStore } from '../helpers/databases.js';

describe('migrations out of order', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('pglite');
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('applies a migration that is missing although a later one is applied', async () => {
    const db = t.store.db;
    // As a database migrated before 0005 existed would be.
    await sql`drop table message_templates`.execute(db);
    await sql`drop index contact_points_phone_suffix`.execute(db);
    await sql`drop index attempt_events_one_void`.execute(db);
    await sql`alter table attempt_events drop column actor_user_id`.execute(db);
    await sql`alter table attempts drop column undo`.execute(db);
    await sql`alter table attempt_events drop constraint attempt_events_status_check`.execute(db);
    await sql`alter table attempt_events add constraint attempt_events_status_check check (status in ('queued', 'sent', 'delivered', 'failed', 'bounced', 'replied'))`.execute(db);
    await sql`delete from kysely_migration where name = '0005-undo-templates-search'`.execute(db);

    expect(await migrateToLatest(db)).toMatchObject({ applied: ['0005-undo-templates-search'] });
    expect((await sql<{ n: number }>`select count(*)::int as n from message_templates`.execute(db)).rows[0]?.n).toBe(0);
    expect(await migrateToLatest(db)).toMatchObject({ applied: [] });
  });
});
