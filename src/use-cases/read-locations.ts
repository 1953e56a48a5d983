/** The Locations page: every office in the caller's scope with its address, hours, closures, caller ID and sender identity. */
import type { LocationScope } from '../domain/access/index.js';
import { readOfficeHours, type OfficeHours } from '../domain/locations/location-settings.js';
import { listLocations, type LocationRow } from '../db/queries/locations.js';
import type { Deps } from './deps.js';

/** An office as the page shows it: the stored row, with its hours read into one shape per weekday. */
export type LocationView = Omit<LocationRow, 'hours' | 'holidaysRegion' | 'updatedAt'> & {
  /** Per weekday, whichever shape is stored. */
  hours: OfficeHours;
  updatedAt: string;
};

export function locationView(row: LocationRow): LocationView {
  return {
    id: row.id, externalId: row.externalId, name: row.name, timeZone: row.timeZone, address1: row.address1, city: row.city, state: row.state, zip: row.zip,
    phone: row.phone, hours: readOfficeHours(row.hours), callerId: row.callerId, senderName: row.senderName, senderEmail: row.senderEmail, updatedAt: row.updatedAt.toISOString(),
  };
}

export async function readLocations(deps: Pick<Deps, 'store'>, scope: LocationScope): Promise<LocationView[]> {
  return (await listLocations(deps.store.db, scope)).map(locationView);
}
