/**
 * What the recall engine reads once per run besides the programs: the offices (zone, state, hours)
 * and the practice's engine settings from organization.policy (`recall` key):
 *   { "recall": { "reactivationMonths": 18, "softDeclineSnoozeDays": 45, "unreachableAfterAttempts": 4,
 *                 "claimMinutes": 30, "callbackHandoffHours": 2 } }
 * Values out of range are reported with what is allowed, not silently clamped.
 */
import type { Kysely } from 'kysely';
import { AppError, type ErrorIssue } from '../../domain/errors.js';
import type { Database } from '../schema.js';

export interface EngineLocation {
  id: number;
  externalId: string;
  name: string;
  timeZone: string;
  state: string | null;
  holidaysRegion: string | null;
  hours: Record<string, unknown>;
}

export interface EngineSettings {
  reactivationMonths?: number;
  softDeclineSnoozeDays?: number;
  unreachableAfterAttempts?: number;
  /** How long a claim keeps others off a case. */
  claimMinutes: number;
  callbackHandoffHours: number;
}

const limits: Record<keyof EngineSettings, [number, number]> = {
  reactivationMonths: [12, 36], softDeclineSnoozeDays: [30, 60], unreachableAfterAttempts: [1, 12], claimMinutes: [1, 480], callbackHandoffHours: [1, 48],
};

export async function loadEngineLocations(db: Kysely<Database>): Promise<EngineLocation[]> {
  const rows = await db.selectFrom('locations').select(['id', 'external_id', 'name', 'time_zone', 'state', 'holidays_region', 'hours']).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, externalId: r.external_id, name: r.name, timeZone: r.time_zone, state: r.state?.trim() ?? null, holidaysRegion: r.holidays_region, hours: r.hours ?? {} }));
}

export async function loadEngineSettings(db: Kysely<Database>): Promise<EngineSettings> {
  const row = await db.selectFrom('organization').select('policy').executeTakeFirst();
  const recall = (row?.policy as { recall?: Record<string, unknown> } | undefined)?.recall ?? {};
  const settings: EngineSettings = { claimMinutes: 30, callbackHandoffHours: 2 };
  const issues: ErrorIssue[] = [];
  for (const [key, [min, max]] of Object.entries(limits) as [keyof EngineSettings, [number, number]][]) {
    const value = recall[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      issues.push({ path: `policy.recall.${key}`, value, message: `must be a whole number from ${min} to ${max}` });
      continue;
    }
    settings[key] = value;
  }
  if (issues.length > 0) {
    throw new AppError('invalid_config', `The practice's recall settings are not valid: ${issues.map((i) => `${i.path} ${JSON.stringify(i.value)}: ${i.message}`).join('; ')}`, issues);
  }
  return settings;
}
