/** The Locations page's reads and writes: every office with its settings, one office's update, and the open cases its hours govern. */
import { sql, type Kysely } from 'kysely';
import type { LocationScope } from '../../domain/access/index.js';
import type { AttemptChannel } from '../../domain/compliance/index.js';
import type { Database } from '../schema.js';

export interface LocationRow {
  id: number;
  externalId: string;
  name: string;
  timeZone: string;
  address1: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  phone: string | null;
  holidaysRegion: string | null;
  hours: Record<string, unknown>;
  callerId: string | null;
  senderName: string | null;
  senderEmail: string | null;
  updatedAt: Date;
}

const columns = ['id', 'external_id', 'name', 'time_zone', 'address1', 'city', 'state', 'zip', 'phone', 'holidays_region', 'hours', 'caller_id', 'sender_name', 'email', 'updated_at'] as const;

function rowOf(r: {
  id: number; external_id: string; name: string; time_zone: string; address1: string | null; city: string | null; state: string | null; zip: string | null;
  phone: string | null; holidays_region: string | null; hours: Record<string, unknown> | null; caller_id: string | null; sender_name: string | null; email: string | null; updated_at: Date;
}): LocationRow {
  return {
    id: r.id, externalId: r.external_id, name: r.name, timeZone: r.time_zone, address1: r.address1, city: r.city, state: r.state?.trim() ?? null, zip: r.zip,
    phone: r.phone, holidaysRegion: r.holidays_region, hours: r.hours ?? {}, callerId: r.caller_id, senderName: r.sender_name, senderEmail: r.email, updatedAt: new Date(r.updated_at),
  };
}

const inScope = (scope: LocationScope) => sql<boolean>`id = any(${[...scope.locationIds, -1]}::bigint[])`;

export async function listLocations(db: Kysely<Database>, scope: LocationScope): Promise<LocationRow[]> {
  let query = db.selectFrom('locations').select([...columns]);
  if (!scope.allLocations) query = query.where(inScope(scope));
  return (await query.orderBy('id').execute()).map(rowOf);
}

/** One office in scope by its number, or by its external id ("TPA"). */
export async function findLocation(db: Kysely<Database>, scope: LocationScope, key: { id: number } | { externalId: string }): Promise<LocationRow | undefined> {
  let query = db.selectFrom('locations').select([...columns]);
  query = 'id' in key ? query.where('id', '=', key.id) : query.where('external_id', '=', key.externalId);
  if (!scope.allLocations) query = query.where(inScope(scope));
  const row = await query.orderBy('id').limit(1).executeTakeFirst();
  return row ? rowOf(row) : undefined;
}

export interface LocationWrite {
  name?: string;
  address1?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  phone?: string | null;
  time_zone?: string;
  hours?: Record<string, unknown>;
  caller_id?: string | null;
  sender_name?: string | null;
  email?: string | null;
}

export async function updateLocation(db: Kysely<Database>, id: number, write: LocationWrite, now: Date): Promise<void> {
  const { hours, ...rest } = write;
  await db.updateTable('locations')
    .set({ ...rest, ...(hours !== undefined ? { hours: JSON.stringify(hours) } : {}), updated_at: now } as never)
    .where('id', '=', id).execute();
}

export interface PlannedCaseAction {
  caseId: number;
  nextActionAt: Date;
  nextStep: string | null;
  nextChannel: AttemptChannel | null;
}

/** Open cases of an office with a next action at or after `from`: what an hours change may move. */
export async function plannedActionsOf(db: Kysely<Database>, locationId: number, from: Date): Promise<PlannedCaseAction[]> {
  const rows = await db.selectFrom('cases').select(['id', 'next_action_at', 'next_step', 'next_channel'])
    .where('location_id', '=', locationId).where('state', 'not in', ['closed', 'scheduled']).where('next_action_at', '>=', from)
    .orderBy('id').execute();
  return rows.map((r) => ({ caseId: r.id, nextActionAt: new Date(r.next_action_at as Date), nextStep: r.next_step, nextChannel: r.next_channel }));
}

/** Moves each case's next action; the row must still hold the time the move was computed from. */
export async function moveNextActions(db: Kysely<Database>, moves: readonly { caseId: number; from: Date; to: Date }[], now: Date): Promise<number> {
  let moved = 0;
  for (const m of moves) {
    const result = await db.updateTable('cases').set({ next_action_at: m.to, updated_at: now })
      .where('id', '=', m.caseId).where('next_action_at', '=', m.from).executeTakeFirst();
    moved += Number(result.numUpdatedRows);
  }
  return moved;
}
