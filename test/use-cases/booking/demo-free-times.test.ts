/**
 * The demo clinic has free times (issue 17): its offices come with provider and chair schedules, so
 * a booking link for a demo case offers a handful of times within the office's hours, on different
 * days, alternating mornings and afternoons, clear of the demo's own appointments.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { localDateIn, localMinutesIn } from '../../../src/domain/cadence/index.js';
import { offerTimes, type TimeOffer } from '../../../src/use-cases/booking/offer-times.js';
import { loadDemoClinic } from '../../../src/use-cases/load-demo-clinic.js';
import { planPatients } from '../../../src/use-cases/plan-patients.js';
import { backends, openTestStore, type TestStore } from '../../helpers/databases.js';

// Tuesday 2026-11-24, 10:30 in Tampa.
const clock = fixedClock('2026-11-24T15:30:00Z');

describe.each(backends)('free times in the demo clinic on %s', (backend) => {
  let t: TestStore;
  const offers: { zone: string; program: string; offer: TimeOffer }[] = [];

  beforeAll(async () => {
    t = await openTestStore(backend);
    const deps = { store: t.store, clock, log: pino({ level: 'silent' }) };
    await loadDemoClinic(deps, { patients: 400, seed: 42, locations: 3 });
    await planPatients(deps, { full: true });
    for (const office of ['TPA', 'PHX']) {
      for (const program of ['hygiene', 'unscheduled_treatment']) {
        const found = await t.store.db.selectFrom('cases').innerJoin('locations', 'locations.id', 'cases.location_id')
          .select(['cases.id', 'locations.time_zone']).where('locations.external_id', '=', office).where('cases.lead_program_key', '=', program)
          .where('cases.state', '<>', 'closed').orderBy('cases.id').executeTakeFirst();
        if (found) offers.push({ zone: found.time_zone, program, offer: await offerTimes(deps, { caseId: found.id }) });
      }
    }
  }, 240_000);
  afterAll(async () => t.dispose());

  it('offers six times per case, on six different days, mornings and afternoons alternating after the first, within 08:00–17:00 local', () => {
    expect(offers.map((o) => o.program)).toEqual(['hygiene', 'unscheduled_treatment', 'hygiene', 'unscheduled_treatment']);
    for (const { zone, offer } of offers) {
      expect(offer.times).toHaveLength(6);
      const days = offer.times.map((x) => localDateIn(new Date(x.startsAt), zone));
      expect(new Set(days).size).toBe(6);
      const starts = offer.times.map((x) => localMinutesIn(new Date(x.startsAt), zone));
      const ends = offer.times.map((x) => localMinutesIn(new Date(x.endsAt), zone));
      expect(starts.every((m) => m >= 8 * 60) && ends.every((m) => m <= 17 * 60)).toBe(true);
      // Today's morning is gone by 10:30 + the 2-hour lead, so the first day may fall back to its afternoon.
      expect(starts.slice(1).map((m) => (m < 12 * 60 ? 'am' : 'pm'))).toEqual(['pm', 'am', 'pm', 'am', 'pm']);
    }
  });

  it('never offers a time that overlaps a booked visit of the same provider', async () => {
    for (const { offer } of offers) {
      for (const time of offer.times) {
        const overlapping = (await t.store.db.selectFrom('appointments').select(['starts_at', 'duration_minutes'])
          .where('provider_id', '=', time.providerId).where('status', 'in', ['scheduled', 'confirmed']).execute())
          .filter((a) => a.starts_at.getTime() < Date.parse(time.endsAt) && a.starts_at.getTime() + a.duration_minutes * 60_000 > Date.parse(time.startsAt));
        expect(overlapping).toEqual([]);
      }
    }
  });
});
