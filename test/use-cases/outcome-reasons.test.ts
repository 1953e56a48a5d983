/**
 * Decline and barrier reasons through record-outcome on both backends: the reason is stored with the
 * attempt and answered back, the outcome export carries it; a reason with an outcome that takes none,
 * or one not in the list, is refused with the code and the allowed ones, and nothing is written. The
 * database itself refuses a key that is not one. Tampa, "T0" Tuesday 2026-11-24 10:00 EST.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { exportOutcomes } from '../../src/use-cases/export-outcomes.js';
import { planPatients } from '../../src/use-cases/plan-patients.js';
import { recordOutcome } from '../../src/use-cases/record-outcome.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation, seedPatient, type SeededPatient } from '../helpers/seed-patients.js';

const log = pino({ level: 'silent' });
const T0 = new Date('2026-11-24T15:00:00Z');

describe.each(backends)('outcome reasons on %s', (backend) => {
  let t: TestStore;
  let tampa: number;
  let phone = 2000;
  const deps = () => ({ store: t.store, clock: fixedClock(T0), log });

  async function duePatient(externalId: string): Promise<SeededPatient> {
    phone += 1;
    const p = await seedPatient(t.store, { externalId, locationId: tampa, state: 'FL', zip: '33606', mobile: `+1813234${phone}` });
    await t.store.db.insertInto('procedures').values({ patient_id: p.patientId, code: 'D1110', status: 'completed', performed_on: '2026-05-10', location_id: tampa }).execute();
    return p;
  }
  const attemptsOf = (patientId: number) => t.store.db.selectFrom('attempts').select(['outcome', 'reason']).where('patient_id', '=', patientId).orderBy('id').execute();

  beforeAll(async () => {
    t = await openTestStore(backend);
    tampa = await seedLocation(t.store, 'TPA', 'FL', 'America/New_York');
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('stores the reason given with Declined, Not ready and Opted out, by key or label, and answers it back', async () => {
    const [a, b, c] = [await duePatient('R-1'), await duePatient('R-2'), await duePatient('R-3')];
    await planPatients(deps(), { full: true });
    const declined = await recordOutcome(deps(), { patient: 'R-1', outcome: 'Declined', reason: 'Cost' });
    expect(declined).toMatchObject({ outcome: { key: 'declined' }, reason: { key: 'cost', label: 'Cost' } });
    const notReady = await recordOutcome(deps(), { patient: 'R-2', outcome: 'Not ready — call later', reason: 'anxiety' });
    expect(notReady.reason).toEqual({ key: 'anxiety', label: 'Anxiety (fear of the dentist)' });
    const optedOut = await recordOutcome(deps(), { patient: 'R-3', outcome: 'Opted out', reason: 'other dentist' });
    expect(optedOut.reason).toEqual({ key: 'other_dentist', label: 'Sees another dentist' });
    expect([...await attemptsOf(a.patientId), ...await attemptsOf(b.patientId), ...await attemptsOf(c.patientId)]).toEqual([
      { outcome: 'declined', reason: 'cost' }, { outcome: 'not_ready', reason: 'anxiety' }, { outcome: 'opted_out', reason: 'other_dentist' },
    ]);

    const csv = (await collect(exportOutcomes(deps(), { since: T0, format: 'csv' }))).split('\n').filter(Boolean).map((line) => line.split(','));
    const reasonColumn = csv[0]!.indexOf('reason');
    expect(csv[0]![reasonColumn - 1]).toBe('outcome');
    expect(csv.slice(1).map((r) => [r[3], r[reasonColumn - 1], r[reasonColumn]])).toEqual([['R-1', 'declined', 'cost'], ['R-2', 'not_ready', 'anxiety'], ['R-3', 'opted_out', 'other_dentist']]);
    const fhir = (await collect(exportOutcomes(deps(), { since: T0, format: 'fhir-ndjson' }))).trim().split('\n').map((l) => JSON.parse(l) as { extension: { url: string; valueString: string }[] });
    expect(fhir[0]!.extension).toContainEqual({ url: 'urn:recare:fhir:barrier-reason', valueString: 'cost' });
  });

  it('a reason is optional: Declined without one stores null', async () => {
    const p = await duePatient('R-4');
    await planPatients(deps(), { full: true });
    const result = await recordOutcome(deps(), { patient: 'R-4', outcome: 'declined', reason: null });
    expect(result.reason).toBeNull();
    expect(await attemptsOf(p.patientId)).toEqual([{ outcome: 'declined', reason: null }]);
  });

  it('refuses a reason with an outcome that takes none, and one not in the list, writing nothing', async () => {
    const p = await duePatient('R-5');
    await planPatients(deps(), { full: true });
    await expect(recordOutcome(deps(), { patient: 'R-5', outcome: 'Callback requested', callbackAt: new Date('2026-11-25T15:00:00Z'), reason: 'time' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'A reason goes with "Declined", "Not ready — call later", "Opted out" only; "Callback requested" takes none (reason "time" was given).',
    });
    await expect(recordOutcome(deps(), { patient: 'R-5', outcome: 'No answer', reason: 'cost' })).rejects.toMatchObject({
      code: 'invalid_input', message: 'A reason goes with "Declined", "Not ready — call later", "Opted out" only; "No answer" takes none (reason "cost" was given).',
    });
    await expect(recordOutcome(deps(), { patient: 'R-5', outcome: 'Declined', reason: 'too busy' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'reason is "too busy", which is not a decline or barrier reason; allowed: "cost" (Cost), "insurance" (Insurance), "time" (Time (work or schedule)), '
        + '"transportation" (Transportation), "anxiety" (Anxiety (fear of the dentist)), "health" (Health (medical reasons, pregnancy)), "moved" (Moved away), '
        + '"other_dentist" (Sees another dentist), "not_interested" (Not interested), "other" (Other).',
      issues: [expect.objectContaining({ path: 'reason', value: 'too busy' })],
    });
    expect(await attemptsOf(p.patientId)).toEqual([]);
  });

  it('the database refuses a reason key that is not one', async () => {
    const p = await duePatient('R-6');
    await expect(t.store.db.insertInto('attempts').values({ patient_id: p.patientId, channel: 'voice', actor_kind: 'staff', outcome: 'declined', reason: 'busy', occurred_at: T0 }).execute())
      .rejects.toThrow(/attempts_reason_known/);
  });
});

async function collect(chunks: AsyncGenerator<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}
