/**
 * The free times a booking link offers for a case (issue 17), on both backends with seeded offices,
 * schedules and appointments and a pinned clock: the case's lead program picks the length and who
 * sees the patient, the case's office (else the patient's home office) picks the calendar, busy
 * chairs are skipped, and a picked time is re-checked against the appointments as they are now.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { AppError } from '../../../src/domain/errors.js';
import { offerTimes, recheckOfferedTime } from '../../../src/use-cases/booking/offer-times.js';
import { backends, openTestStore, type TestStore } from '../../helpers/databases.js';
import { seedLocation, seedPatient } from '../../helpers/seed-patients.js';

// Monday 2026-09-14 07:00 EDT.
const clock = fixedClock('2026-09-14T11:00:00Z');

describe.each(backends)('offering free times for a case on %s', (backend) => {
  let t: TestStore;
  let office: number;
  let hygienist: number;
  let hygieneCase: number;
  let examCase: number;
  let homeOfficeCase: number;
  let closedCase: number;

  beforeAll(async () => {
    t = await openTestStore(backend);
    const { db } = t.store;
    office = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
    const elsewhere = await seedLocation(t.store, 'PHX', 'AZ', 'America/Phoenix');
    const provider = async (externalId: string, role: 'hygienist' | 'dentist') =>
      (await db.insertInto('providers').values({ external_id: externalId, name: externalId, role, location_id: office }).returning('id').executeTakeFirstOrThrow()).id;
    hygienist = await provider('H1', 'hygienist');
    const dentist = await provider('D1', 'dentist');
    const week = [1, 2, 3, 4, 5];
    await db.insertInto('provider_schedules').values([
      ...week.flatMap((weekday) => ['Op 1', 'Op 2'].map((chair) => ({ location_id: office, provider_id: hygienist, chair, weekday, starts_at: '08:00', ends_at: '17:00' }))),
      ...[2, 4].map((weekday) => ({ location_id: office, provider_id: dentist, chair: 'Op 3', weekday, starts_at: '13:00', ends_at: '17:00' })),
    ]).execute();

    const patient = async (id: string, locationId: number) => (await seedPatient(t.store, { externalId: id, locationId, state: 'FL', zip: '33602', mobile: `+1813555${id.slice(-4)}` })).patientId;
    const openCase = async (patientId: number, locationId: number | null, lead: string, state: 'open' | 'closed' = 'open') =>
      (await db.insertInto('cases').values({ patient_id: patientId, location_id: locationId, lead_program_key: lead, state, program_keys: [lead] }).returning('id').executeTakeFirstOrThrow()).id;
    hygieneCase = await openCase(await patient('P0001', office), office, 'hygiene');
    examCase = await openCase(await patient('P0002', office), office, 'periodic_exam');
    homeOfficeCase = await openCase(await patient('P0003', office), null, 'post_op');
    closedCase = await openCase(await patient('P0004', elsewhere), elsewhere, 'hygiene', 'closed');

    // Wednesday 12:00 EDT: Op 1 is taken by a visit without a known provider. Friday 08:00: both chairs.
    const other = await patient('P0009', office);
    const appointment = (externalId: string, startsAt: string, chair: string | null, providerId: number | null, status: 'scheduled' | 'cancelled' = 'scheduled') => ({
      external_id: externalId, patient_id: other, location_id: office, provider_id: providerId, chair, starts_at: startsAt, duration_minutes: 60, status,
    });
    await db.insertInto('appointments').values([
      appointment('A1', '2026-09-16T16:00:00Z', 'Op 1', null),
      appointment('A2', '2026-09-18T12:00:00Z', 'Op 1', null),
      appointment('A3', '2026-09-18T12:00:00Z', 'Op 2', null),
      // A cancelled visit frees its time.
      appointment('A4', '2026-09-14T13:00:00Z', 'Op 1', hygienist, 'cancelled'),
    ]).execute();
  });

  afterAll(async () => t.dispose());

  it('given a hygiene case, then six hygienist times of 60 minutes are spread over both weeks, skipping busy chairs', async () => {
    const offer = await offerTimes({ store: t.store, clock }, { caseId: hygieneCase });
    expect(offer.source).toBe('recare');
    expect(offer.durationMinutes).toBe(60);
    expect(offer.times.map((x) => x.label)).toEqual([
      'Mon, Sep 14 · 9:00 AM', 'Wed, Sep 16 · 12:00 PM', 'Fri, Sep 18 · 9:00 AM', 'Mon, Sep 21 · 12:00 PM', 'Wed, Sep 23 · 8:00 AM', 'Fri, Sep 25 · 12:00 PM',
    ]);
    expect(offer.times[1]).toEqual({
      startsAt: '2026-09-16T16:00:00.000Z', endsAt: '2026-09-16T17:00:00.000Z', locationId: office, providerId: hygienist, chair: 'Op 2', label: 'Wed, Sep 16 · 12:00 PM',
    });
    expect(offer.times.every((x) => x.providerId === hygienist && x.locationId === office)).toBe(true);
  });

  it('given max 2, then two times', async () => {
    const offer = await offerTimes({ store: t.store, clock }, { caseId: hygieneCase, max: 2 });
    expect(offer.times.map((x) => x.label)).toEqual(['Mon, Sep 14 · 9:00 AM', 'Fri, Sep 25 · 12:00 PM']);
  });

  it('given an exam case, then 30-minute times with the dentist, on his Tuesday and Thursday afternoons only', async () => {
    const offer = await offerTimes({ store: t.store, clock }, { caseId: examCase });
    expect(offer.durationMinutes).toBe(30);
    expect(offer.times).toHaveLength(6);
    expect(new Set(offer.times.map((x) => x.chair))).toEqual(new Set(['Op 3']));
    expect(offer.times.map((x) => x.label.slice(0, 3)).every((d) => d === 'Tue' || d === 'Thu')).toBe(true);
  });

  it('given a case without an office, then the patient\'s home office is used, and post-op takes 15 minutes', async () => {
    const offer = await offerTimes({ store: t.store, clock }, { caseId: homeOfficeCase });
    expect(offer.durationMinutes).toBe(15);
    expect(offer.times[0]).toMatchObject({ locationId: office, startsAt: '2026-09-15T17:00:00.000Z', endsAt: '2026-09-15T17:15:00.000Z', chair: 'Op 3' });
  });

  it('given a closed case, then no times', async () => {
    expect(await offerTimes({ store: t.store, clock }, { caseId: closedCase })).toEqual({ source: 'recare', durationMinutes: 60, times: [] });
  });

  it('given an unknown case or a bad max, then a not_found or invalid_input error that says what was given', async () => {
    await expect(offerTimes({ store: t.store, clock }, { caseId: 999_999 })).rejects.toMatchObject({
      code: 'not_found', message: 'No case #999999; give the id of an existing case.',
    });
    const bad = await offerTimes({ store: t.store, clock }, { caseId: hygieneCase, max: 0 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AppError);
    expect(bad).toMatchObject({ code: 'invalid_input', message: 'max must be a whole number from 1 to 12; got 0.' });
  });

  it('given a time picked from the offer, then it is re-checked: still free, then gone once its chairs are booked', async () => {
    const [first] = (await offerTimes({ store: t.store, clock }, { caseId: hygieneCase })).times;
    const startsAt = new Date(first?.startsAt ?? '');
    expect(await recheckOfferedTime({ store: t.store, clock }, { caseId: hygieneCase, startsAt })).toEqual(first);

    await t.store.db.insertInto('appointments').values({
      external_id: 'B1', patient_id: (await t.store.db.selectFrom('patients').select('id').where('external_id', '=', 'P0009').executeTakeFirstOrThrow()).id,
      location_id: office, provider_id: hygienist, chair: 'Op 1', starts_at: startsAt, duration_minutes: 60, status: 'scheduled',
    }).execute();
    // The hygienist is now busy (whatever the chair): the time is gone.
    expect(await recheckOfferedTime({ store: t.store, clock }, { caseId: hygieneCase, startsAt })).toBeNull();
    // Next time the offer moves on.
    expect((await offerTimes({ store: t.store, clock }, { caseId: hygieneCase })).times[0]?.label).toBe('Mon, Sep 14 · 10:00 AM');
  });

  it('given a time Recare would not offer (off the grid, a Saturday, within the lead time), then null', async () => {
    for (const at of ['2026-09-15T13:05:00Z', '2026-09-19T13:00:00Z', '2026-09-14T12:00:00Z']) {
      expect(await recheckOfferedTime({ store: t.store, clock }, { caseId: hygieneCase, startsAt: new Date(at) })).toBeNull();
    }
  });
});
