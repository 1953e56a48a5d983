import zipcodeToTimezone from 'zipcode-to-timezone';

/** The IANA zone of a US ZIP (ZIP+4 and `12345-6789` accepted); null when unknown. */
export function timeZoneForZip(zip: string): string | null {
  const five = /^(\d{5})(?:-?\d{4})?$/.exec(zip.trim())?.[1];
  return five ? zipcodeToTimezone.lookup(five) : null;
}
