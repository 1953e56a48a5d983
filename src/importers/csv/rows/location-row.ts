import { IANAZone } from 'luxon';
import { phoneContactPoint } from '../../hygiene/contact-point.js';
import { phoneExample } from '../../hygiene/normalize-phone.js';
import { quoted } from '../../problem.js';
import type { LocationRecord } from '../../records.js';
import { parsedFail, parsedOk } from '../../values/parsed.js';
import type { RowReader } from '../row-reader.js';

const timeZone = (text: string) =>
  IANAZone.isValidZone(text) && text.includes('/') ? parsedOk(text) : parsedFail<string>('is not an IANA time zone; use a name such as America/Chicago or America/New_York');

export function parseLocationRow(row: RowReader): LocationRecord | null {
  const externalId = row.required('location_id');
  const name = row.required('name');
  const zone = row.parseRequired('time_zone', timeZone);
  const state = row.required('state');
  const rawPhone = row.text('phone');
  const phone = rawPhone === null ? null : phoneContactPoint(rawPhone, 'work', row.defaultCountry);
  if (phone && !phone.isValid) row.warn('phone', rawPhone, `${quoted(rawPhone ?? '')} ${phone.invalidReason}; use e.g. ${phoneExample}; kept but flagged invalid`);
  if (row.rejected || externalId === null || name === null || zone === null || state === null) return null;
  return {
    externalId, name, timeZone: zone,
    address: { address1: row.text('address1'), city: row.text('city'), state, zip: row.text('zip') },
    phone, origin: row.origin,
  };
}
