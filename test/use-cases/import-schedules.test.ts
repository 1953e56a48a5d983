/**
 * The `schedules` CSV kind (issue 17): provider and chair hours per weekday or date, local to the
 * office. Every bad row is a located problem that says what is wrong, what was given and what is
 * allowed; a file replaces the stored rows of each provider (or provider-less chair) per office it
 * names, and leaves the others alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/importers/index.js';
import { importCsvRecords } from '../../src/use-cases/import-csv.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { count, csv, importDeps } from './import-helpers.js';

describe.each(backends)('importing schedules on %s', (backend) => {
  let t: TestStore;
  const run = (kind: string, lines: string[], extra: { dryRun?: boolean; batchSize?: number } = {}) =>
    importCsvRecords(importDeps(t.store), { kind, source: [csv(lines)], file: `${kind}.csv`, ...extra });
  const stored = async () => (await t.store.db.selectFrom('provider_schedules')
    .leftJoin('providers', 'providers.id', 'provider_schedules.provider_id')
    .innerJoin('locations', 'locations.id', 'provider_schedules.location_id')
    .select(['providers.external_id as provider', 'locations.external_id as location', 'chair', 'weekday', 'on_date', 'starts_at', 'ends_at'])
    .orderBy('provider_schedules.id').execute()).map((r) => [r.provider, r.location, r.chair, r.weekday ?? r.on_date, r.starts_at, r.ends_at].join(' '));

  beforeAll(async () => {
    t = await openTestStore(backend);
    await run('locations', ['location_id,name,time_zone,state', 'TPA,Tampa,America/New_York,FL', 'PHX,Phoenix,America/Phoenix,AZ']);
    await run('providers', ['provider_id,name,role,location', 'H1,Hana Hygienist,hygienist,TPA', 'D1,Dan Dentist,dentist,TPA']);
  });
  afterAll(async () => t.dispose());

  const file = [
    'provider,location,weekday,date,start,end,chair',
    'H1,TPA,mon,,08:00,17:00,Op 1',
    'H1,TPA,2,,8:00,12:00,Op 1',
    'D1,TPA,Tuesday,,13:00,17:00,Op 3',
    'H1,TPA,,2026-12-24,,,',
    ',TPA,fri,,08:00,12:00,Op 2',
    'H1,TPA,funday,,08:00,17:00,Op 1',
    'H1,TPA,mon,2026-12-24,08:00,17:00,Op 1',
    'H1,TPA,,,08:00,17:00,Op 1',
    'H1,TPA,wed,,8am,17:00,Op 1',
    'H1,TPA,wed,,17:00,08:00,Op 1',
    'H1,TPA,wed,,08:00,,Op 1',
    ',TPA,wed,,08:00,17:00,',
    'H9,TPA,wed,,08:00,17:00,Op 1',
    'H1,XXX,wed,,08:00,17:00,Op 1',
    'H1,TPA,,2026-02-30,08:00,12:00,Op 1',
    'H1,TPA,mon,,,,Op 1',
    'H1,,mon,,08:00,17:00,Op 1',
  ];

  it('given a dry run, then every problem is reported and nothing is written', async () => {
    const summary = await run('schedules', file, { dryRun: true });
    expect(summary.counts).toEqual({ read: 17, inserted: 5, updated: 0, unchanged: 0, rejected: 12 });
    expect(await count(t.store, 'provider_schedules')).toBe(0);
  });

  it('imports the good rows and reports every bad one with its line, what was given and what is allowed', async () => {
    const summary = await run('schedules', file);
    expect(summary.counts).toEqual({ read: 17, inserted: 5, updated: 0, unchanged: 0, rejected: 12 });
    expect(summary.problems.map(formatProblem)).toEqual([
      'schedules.csv line 7, column "weekday": "funday" is not a weekday; use mon, tue, wed, thu, fri, sat or sun, or 1–7 with 1 = Monday; the row was not imported',
      'schedules.csv line 8, column "date": is given together with weekday "mon"; give a weekday (every week) or a date (that day only), not both; the row was not imported',
      'schedules.csv line 9, column "weekday": is empty and so is date; give a weekday (mon…sun or 1–7, every week) or a date (YYYY-MM-DD, that day only); the row was not imported',
      'schedules.csv line 10, column "start": "8am" is not a time of day; use HH:mm on a 24-hour clock, from 00:00 to 23:59, e.g. 08:00 or 17:30; the row was not imported',
      'schedules.csv line 11, column "end": must be after start 17:00; a schedule runs within one day; the row was not imported',
      'schedules.csv line 12, column "end": is empty while start is given; give both times (HH:mm), or leave both empty on a date row for "not working that day"; the row was not imported',
      'schedules.csv line 13: has neither a provider nor a chair; give the provider\'s id, the chair (operatory), or both; the row was not imported',
      'schedules.csv line 14, column "provider": "H9" is not a provider of source "csv"; import the providers file first (or fix the id); the row was not imported',
      'schedules.csv line 15, column "location": "XXX" is not an office of source "csv"; import the locations file first (or fix the id); the row was not imported',
      'schedules.csv line 16, column "date": "2026-02-30" is not a real calendar date; use YYYY-MM-DD, e.g. 2026-12-24; the row was not imported',
      'schedules.csv line 17, column "start": is empty; a weekday row needs start and end (HH:mm, e.g. 08:00 and 17:00); only a date row may leave both empty (not working that day); the row was not imported',
      'schedules.csv line 18, column "location": is empty; location is required',
    ]);
    expect(summary.problems[7]).toMatchObject({ line: 14, column: 'provider', value: 'H9', severity: 'error' });
    expect(await stored()).toEqual([
      'H1 TPA Op 1 1 08:00 17:00',
      'H1 TPA Op 1 2 08:00 12:00',
      'D1 TPA Op 3 2 13:00 17:00',
      'H1 TPA  2026-12-24  ',
      ' TPA Op 2 5 08:00 12:00',
    ]);
  });

  it('given a second file for one provider, then only that provider\'s rows at that office are replaced, across batches', async () => {
    const summary = await run('schedules', [
      'Provider ID,Office,Day,Start Time,End Time,Operatory',
      'H1,TPA,wed,09:00,15:00,Op 2',
      'H1,TPA,thu,09:00,15:00,Op 2',
      'H1,PHX,fri,07:00,11:00,Op 9',
    ], { batchSize: 1 });
    expect(summary.counts).toEqual({ read: 3, inserted: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(await stored()).toEqual([
      'D1 TPA Op 3 2 13:00 17:00',
      ' TPA Op 2 5 08:00 12:00',
      'H1 TPA Op 2 3 09:00 15:00',
      'H1 TPA Op 2 4 09:00 15:00',
      'H1 PHX Op 9 5 07:00 11:00',
    ]);
  });
});
