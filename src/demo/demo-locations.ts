/**
 * The demo clinic's offices: three US time zones and states, including Florida (stricter calling
 * hours) and Texas (Sunday rules), and Arizona (no daylight saving time), so the gate has real work.
 */
export interface DemoLocation {
  externalId: string;
  name: string;
  timeZone: string;
  address1: string;
  city: string;
  state: string;
  zip: string;
  phone: string;
  /** ZIPs near the office that patients live in. */
  patientZips: { zip: string; city: string }[];
  areaCodes: string[];
}

export const demoLocations: DemoLocation[] = [
  {
    externalId: 'TPA',
    name: 'Sunrise Dental – Tampa',
    timeZone: 'America/New_York',
    address1: '401 N Ashley Dr',
    city: 'Tampa',
    state: 'FL',
    zip: '33602',
    phone: '+18132740100',
    patientZips: [
      { zip: '33602', city: 'Tampa' }, { zip: '33606', city: 'Tampa' }, { zip: '33609', city: 'Tampa' },
      { zip: '33611', city: 'Tampa' }, { zip: '33629', city: 'Tampa' }, { zip: '33701', city: 'St. Petersburg' },
    ],
    areaCodes: ['813', '727'],
  },
  {
    externalId: 'AUS',
    name: 'Sunrise Dental – Austin',
    timeZone: 'America/Chicago',
    address1: '600 Congress Ave',
    city: 'Austin',
    state: 'TX',
    zip: '78701',
    phone: '+15124760100',
    patientZips: [
      { zip: '78701', city: 'Austin' }, { zip: '78704', city: 'Austin' }, { zip: '78745', city: 'Austin' },
      { zip: '78758', city: 'Austin' }, { zip: '78660', city: 'Pflugerville' }, { zip: '78664', city: 'Round Rock' },
    ],
    areaCodes: ['512', '737'],
  },
  {
    externalId: 'PHX',
    name: 'Sunrise Dental – Phoenix',
    timeZone: 'America/Phoenix',
    address1: '2 N Central Ave',
    city: 'Phoenix',
    state: 'AZ',
    zip: '85004',
    phone: '+16022530100',
    patientZips: [
      { zip: '85004', city: 'Phoenix' }, { zip: '85014', city: 'Phoenix' }, { zip: '85018', city: 'Phoenix' },
      { zip: '85032', city: 'Phoenix' }, { zip: '85201', city: 'Mesa' }, { zip: '85281', city: 'Tempe' },
    ],
    areaCodes: ['602', '480'],
  },
];

/** Addresses of patients who live elsewhere (moved away, snowbirds) but keep their phone number. */
export const outOfStateAddresses = [
  { city: 'Atlanta', state: 'GA', zip: '30303' },
  { city: 'Brooklyn', state: 'NY', zip: '11215' },
  { city: 'Denver', state: 'CO', zip: '80203' },
  { city: 'Pensacola', state: 'FL', zip: '32502' },
  { city: 'El Paso', state: 'TX', zip: '79901' },
  { city: 'Seattle', state: 'WA', zip: '98101' },
];
