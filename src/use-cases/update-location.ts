/**
 * An administrator changes an office: name, address, phone, time zone, working hours, closures,
 * extended hours, caller ID or sender identity. Every field is validated (domain/locations), the
 * change is audited with the names of the fields that changed, and when the hours or the time zone
 * change, the office's open cases whose next action now falls outside the hours move to the next
 * open instant, in the same transaction.
 */
import { businessCalendarFor } from '../domain/cadence/index.js';
import type { LocationScope } from '../domain/access/index.js';
import { AppError } from '../domain/errors.js';
import { calendarSettingsOf, describeIssues, parseLocationChange, readOfficeHours, type LocationChange } from '../domain/locations/location-settings.js';
import { moveIntoHours } from '../domain/locations/move-into-hours.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { findLocation, moveNextActions, plannedActionsOf, updateLocation as writeLocation, type LocationRow, type LocationWrite } from '../db/queries/locations.js';
import type { Deps } from './deps.js';
import { locationView, type LocationView } from './read-locations.js';

export interface UpdateLocationRequest {
  /** The office's number, or its external id ("TPA"). */
  location: { id: number } | { externalId: string };
  /** The change as given (validated here): see locationChangeSchema. */
  change: unknown;
  scope: LocationScope;
  actor: { userId: number | null; kind: 'user' | 'cli' };
  remoteAddress: string | null;
}

export interface LocationUpdated {
  location: LocationView;
  /** Field names that changed (also the audit details). */
  changed: (keyof LocationChange)[];
  /** Open cases whose next action moved into the new hours. */
  moved: { caseId: number; from: string; to: string }[];
}

export async function updateLocation(deps: Pick<Deps, 'store' | 'clock' | 'log'>, request: UpdateLocationRequest): Promise<LocationUpdated> {
  const parsed = parseLocationChange(request.change);
  if (!parsed.ok) throw new AppError('invalid_input', `Location change is not valid: ${describeIssues(parsed.issues)}`, parsed.issues);
  const { db } = deps.store;
  const current = await findLocation(db, request.scope, request.location);
  if (!current) throw locationNotFound(request.location);
  const { write, changed } = differences(current, parsed.change);
  const now = deps.clock.now();
  if (changed.length === 0) return { location: locationView(current), changed, moved: [] };

  const moved = await deps.store.transaction(async (tx) => {
    await writeLocation(tx.db, current.id, write, now);
    let moves: { caseId: number; from: Date; to: Date }[] = [];
    if (changed.includes('hours') || changed.includes('timeZone') || changed.includes('state')) {
      const calendar = businessCalendarFor(
        { timeZone: write.time_zone ?? current.timeZone, state: write.state !== undefined ? write.state : current.state, holidaysRegion: current.holidaysRegion },
        calendarSettingsOf(write.hours ?? current.hours),
      );
      moves = moveIntoHours(await plannedActionsOf(tx.db, current.id, now), calendar, now);
      await moveNextActions(tx.db, moves, now);
    }
    await appendAuditEvent(tx.db, {
      actorUserId: request.actor.userId, actorKind: request.actor.kind, action: 'location.update', entityType: 'location', entityId: String(current.id),
      patientId: null, remoteAddress: request.remoteAddress, at: now, details: { fields: changed, casesMoved: moves.length },
    });
    return moves;
  });
  deps.log.info({ locationId: current.id, fields: changed, casesMoved: moved.length }, 'location updated');
  const after = await findLocation(db, { allLocations: true, locationIds: [] }, { id: current.id });
  return {
    location: locationView(after ?? current), changed,
    moved: moved.map((m) => ({ caseId: m.caseId, from: m.from.toISOString(), to: m.to.toISOString() })),
  };
}

/** The columns to write and the names of the fields whose value differs from what is stored. */
function differences(current: LocationRow, change: LocationChange): { write: LocationWrite; changed: (keyof LocationChange)[] } {
  const write: LocationWrite = {};
  const changed: (keyof LocationChange)[] = [];
  const plain = [
    ['name', 'name', current.name], ['address1', 'address1', current.address1], ['city', 'city', current.city], ['state', 'state', current.state],
    ['zip', 'zip', current.zip], ['phone', 'phone', current.phone], ['timeZone', 'time_zone', current.timeZone], ['callerId', 'caller_id', current.callerId],
    ['senderName', 'sender_name', current.senderName], ['senderEmail', 'email', current.senderEmail],
  ] as const;
  for (const [field, column, stored] of plain) {
    const value = change[field];
    if (value === undefined || value === stored) continue;
    (write as Record<string, unknown>)[column] = value;
    changed.push(field);
  }
  if (change.hours !== undefined && JSON.stringify(change.hours) !== JSON.stringify(readOfficeHours(current.hours))) {
    write.hours = { ...change.hours };
    changed.push('hours');
  }
  return { write, changed };
}

export function locationNotFound(key: { id: number } | { externalId: string }): AppError {
  const given = 'id' in key ? `the id ${key.id}` : `the id ${JSON.stringify(key.externalId)}`;
  return new AppError('not_found', `No office has ${given}; the Locations page (GET /api/locations) lists them.`);
}
