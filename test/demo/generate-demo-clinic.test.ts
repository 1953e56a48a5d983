import { describe, expect, it } from 'vitest';
import { generateOffices, generatePatients, type DemoOptions } from '../../src/demo/generate-demo-clinic.js';
import type { CopyTable } from '../../src/db/copy-csv.js';

const options: DemoOptions = { patients: 3000, seed: 7, locations: 3, today: '2026-11-24', batchSize: 1000 };

function generateAll(o: DemoOptions): Record<string, unknown[][]> {
  const offices = generateOffices(o);
  const all: Record<string, unknown[][]> = {};
  const add = (t: CopyTable) => (all[t.table] ??= []).push(...t.rows.map((r) => [...r]));
  offices.tables.forEach(add);
  for (const batch of generatePatients(o, offices.offices)) batch.tables.forEach(add);
  return all;
}

function column(tables: Record<string, unknown[][]>, table: string, name: string, columns: readonly string[]): unknown[] {
  const index = columns.indexOf(name);
  return (tables[table] ?? []).map((row) => row[index]);
}

describe('demo clinic generator', () => {
  const clinic = generateAll(options);
  const patientColumns = generatePatients(options, generateOffices(options).offices).next().value!.tables[0]!.columns;

  it('is deterministic: the same seed and day give the same rows, another seed does not', () => {
    expect(generateAll(options)).toEqual(clinic);
    expect(generateAll({ ...options, seed: 8 }).patients).not.toEqual(clinic.patients);
  });

  it('produces exactly the requested number of patients', () => {
    expect(clinic.patients).toHaveLength(3000);
    expect(new Set(column(clinic, 'patients', 'external_id', patientColumns)).size).toBe(3000);
  });

  it('places offices in Florida, Texas and Arizona, each in its own time zone', () => {
    expect(clinic.locations!.map((l) => [l[7], l[4]])).toEqual([
      ['FL', 'America/New_York'],
      ['TX', 'America/Chicago'],
      ['AZ', 'America/Phoenix'],
    ]);
    expect(generateAll({ ...options, patients: 10, locations: 1 }).locations).toHaveLength(1);
  });

  it('has about 15% Spanish speakers, families with guarantors, and some patients living out of state', () => {
    const languages = column(clinic, 'patients', 'language', patientColumns);
    const spanish = languages.filter((l) => l === 'es').length / languages.length;
    expect(spanish).toBeGreaterThan(0.1);
    expect(spanish).toBeLessThan(0.2);
    const withGuarantor = column(clinic, 'patients', 'guarantor_id', patientColumns).filter((g) => g !== null).length;
    expect(withGuarantor).toBeGreaterThan(600);
    const states = new Set(column(clinic, 'patients', 'state', patientColumns));
    expect([...states].some((s) => !['FL', 'TX', 'AZ'].includes(s as string))).toBe(true);
  });

  it('gives about a third of patients a future appointment, and has cancellations and no-shows', () => {
    const appointments = clinic.appointments!;
    const now = Date.parse('2026-11-24T00:00:00Z');
    const future = new Set(appointments.filter((a) => (a[6] as Date).getTime() > now && ['scheduled', 'confirmed'].includes(a[8] as string)).map((a) => a[3]));
    expect(future.size / 3000).toBeGreaterThan(0.25);
    expect(future.size / 3000).toBeLessThan(0.42);
    const statuses = new Set(appointments.map((a) => a[8]));
    expect(statuses).toEqual(new Set(['completed', 'cancelled', 'no_show', 'scheduled', 'confirmed']));
  });

  it('codes three years of visits in CDT, including perio maintenance, extractions and implants, and leaves plans unscheduled', () => {
    const procedures = clinic.procedures!;
    const codes = new Set(procedures.map((p) => p[4]));
    for (const code of ['D1110', 'D1120', 'D0120', 'D0150', 'D4910', 'D4341', 'D7140', 'D7210', 'D6010', 'D2740']) expect(codes).toContain(code);
    const planned = procedures.filter((p) => p[6] === 'planned');
    expect(planned.length).toBeGreaterThan(50);
    const dates = procedures.map((p) => p[7] as string).sort();
    expect(dates[0]! < '2024-01-01').toBe(true);
    expect(dates.at(-1)! <= '2026-11-24').toBe(true);
  });

  it('includes a little bad data: missing phones, invalid phones and emails, duplicate patients', () => {
    const points = clinic.contact_points!;
    expect(points.some((p) => p[7] === false && p[2] === 'phone')).toBe(true);
    expect(points.some((p) => p[7] === false && p[2] === 'email')).toBe(true);
    const withPhone = new Set(points.filter((p) => p[2] === 'phone').map((p) => p[1]));
    expect(withPhone.size).toBeLessThan(3000);
    const identity = clinic.patients!.map((p) => `${p[3]}|${p[4]}|${p[6]}`);
    expect(new Set(identity).size).toBeLessThan(identity.length);
  });

  it('records consents for given numbers and a few opt-outs', () => {
    expect(clinic.consents!.length).toBeGreaterThan(3000);
    expect(clinic.opt_outs!.length).toBeGreaterThan(5);
    expect(clinic.opt_outs!.length).toBeLessThan(150);
  });

  it('gives every provider of every office a chair and weekday hours within 08:00–17:00, so booking links have free times', () => {
    const schedules = clinic.provider_schedules!;
    const providers = clinic.providers!;
    expect(new Set(schedules.map((r) => r[1]))).toEqual(new Set(providers.map((p) => p[0])));
    expect(new Set(schedules.map((r) => r[0]))).toEqual(new Set([1, 2, 3]));
    expect(schedules.every((r) => (r[3] as number) >= 1 && (r[3] as number) <= 5 && (r[4] as string) >= '08:00' && (r[5] as string) <= '17:00')).toBe(true);
    // One chair per provider and office.
    expect(new Set(schedules.map((r) => `${r[0]}|${r[2]}`)).size).toBe(providers.length);
  });
});
