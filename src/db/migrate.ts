/** One migration set for both backends, applied at start. Migrations are listed here, in order. */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

// Migrations run before the typed schema exists, so they accept a database of any shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDatabase = Kysely<any>;
import * as domainSchema from './migrations/0001-domain-schema.js';
import * as consentJournal from './migrations/0002-consent-journal.js';
import * as sessions from './migrations/0003-sessions.js';
import * as engine from './migrations/0004-engine.js';
import * as undoTemplatesSearch from './migrations/0005-undo-templates-search.js';
import * as planRechecks from './migrations/0006-plan-rechecks.js';
import * as passwordLifecycle from './migrations/0007-password-lifecycle.js';
import * as messaging from './migrations/0008-messaging.js';
import * as locationSettings from './migrations/0009-location-settings.js';
import * as providerSchedules from './migrations/0010-provider-schedules.js';
import * as bookingLinks from './migrations/0011-booking-links.js';
import * as appointmentFirstSeen from './migrations/0012-appointment-first-seen.js';
import * as holdout from './migrations/0013-holdout.js';
import * as bookingHardening from './migrations/0014-booking-hardening.js';
import * as weeklyReports from './migrations/0015-weekly-reports.js';
import * as practiceConnectors from './migrations/0016-practice-connectors.js';
import * as voice from './migrations/0017-voice.js';
import * as attemptReasons from './migrations/0018-attempt-reasons.js';

const migrations: Record<string, Migration> = {
  '0001-domain-schema': domainSchema,
  '0002-consent-journal': consentJournal,
  '0003-sessions': sessions,
  '0004-engine': engine,
  '0005-undo-templates-search': undoTemplatesSearch,
  '0006-plan-rechecks': planRechecks,
  '0007-password-lifecycle': passwordLifecycle,
  '0008-messaging': messaging,
  '0009-location-settings': locationSettings,
  '0010-provider-schedules': providerSchedules,
  '0011-booking-links': bookingLinks,
  '0012-appointment-first-seen': appointmentFirstSeen,
  '0013-holdout': holdout,
  '0014-booking-hardening': bookingHardening,
  '0015-weekly-reports': weeklyReports,
  '0016-practice-connectors': practiceConnectors,
  '0017-voice': voice,
  '0018-attempt-reasons': attemptReasons,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export const latestSchemaVersion = Object.keys(migrations).sort().at(-1) ?? 'none';

export async function migrateToLatest(db: AnyDatabase): Promise<{ applied: string[]; version: string }> {
  // Fast path for every start after the first: one query instead of the migrator's lock dance.
  const applied = await appliedNames(db);
  if (Object.keys(migrations).every((name) => applied.has(name))) return { applied: [], version: latestSchemaVersion };
  // Migrations written side by side can land in either order (a database may hold 0006 before 0005
  // exists): apply whichever are missing rather than refuse.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${(error as Error).message}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName), version: latestSchemaVersion };
}

export async function currentSchemaVersion(db: AnyDatabase): Promise<string> {
  const migrator = new Migrator({ db, provider });
  const list = await migrator.getMigrations();
  return list.filter((m) => m.executedAt).map((m) => m.name).sort().at(-1) ?? 'none';
}

async function appliedNames(db: AnyDatabase): Promise<Set<string>> {
  const exists = await sql<{ present: boolean }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (!exists.rows[0]?.present) return new Set();
  const result = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  return new Set(result.rows.map((r) => r.name));
}
