import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../src/importers/csv/import-table.js';
import { collectBatches } from '../../src/importers/import-batch.js';
import { formatProblem } from '../../src/importers/problem.js';
import { resolveLocalDateTime } from '../../src/importers/time/local-date-time.js';
import { messyPatientsProblems } from '../fixtures/handmade/patients-messy.problems.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/handmade/${name}`, import.meta.url));

describe('a messy patients CSV', () => {
  const run = () => collectBatches(importCsv('patients', createReadStream(fixture('patients-messy.csv')), { file: 'patients.csv' }));

  it('reports every bad row with file, line, column, the value given and what is allowed', async () => {
    const { problems } = await run();
    expect(problems.map(formatProblem)).toEqual(messyPatientsProblems);
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.line)).toEqual([4, 6, 7, 11, 12]);
    expect(problems.find((p) => p.line === 5 && p.column === 'mobile_phone')?.value).toBe('555-01');
  });

  it('still imports the good rows, with invalid values flagged rather than dropped', async () => {
    const { records } = await run();
    expect(records.map((r) => [r.externalId, r.origin.line])).toEqual([['p1', 2], ['p2', 3], ['p4', 5], ['p6', 8], ['p7', 10]]);
    const [ana, ben, dev, eve] = records;
    expect(ana).toMatchObject({ firstName: 'Ana', lastName: 'García', birthDate: '1984-03-21', status: 'active', consents: { sms: true, voice: null, email: null } });
    expect(ana?.contactPoints).toEqual([
      { kind: 'phone', use: 'mobile', value: '+13125550143', rawValue: '(312) 555-0143', isValid: true, invalidReason: null },
      { kind: 'email', use: 'home', value: 'ana@example.com', rawValue: 'ana@example.com', isValid: true, invalidReason: null },
    ]);
    expect(ben?.birthDate).toBeNull();
    expect(ben?.contactPoints[1]).toMatchObject({ kind: 'email', value: 'ben@example', isValid: false, invalidReason: 'is not a valid email address' });
    expect(dev?.contactPoints[0]).toMatchObject({ value: '555-01', isValid: false, invalidReason: 'is too short for a phone number' });
    expect(dev?.consents.sms).toBeNull();
    expect(eve).toMatchObject({ firstName: 'Eve "Evie"', status: 'deceased', consents: { sms: false } });
    expect(eve?.contactPoints[1]?.value).toBe('eve@example.com');
  });
});

describe('a semicolon CSV with a BOM and CRLF line ends (appointments)', () => {
  const run = () => collectBatches(importCsv('appointments', createReadStream(fixture('appointments-semicolon.csv')), { file: 'appointments.csv' }));

  it('keeps quoted semicolons inside fields and reports an unquoted one as a column-count problem', async () => {
    const { records, problems } = await run();
    expect(records.map((r) => r.externalId)).toEqual(['a1b', 'a3', 'a4']);
    expect(records[0]).toMatchObject({ type: 'Recall; adult', procedureCodes: ['D1110', 'D0120'], start: { local: '2026-05-04T09:30:00', offset: null } });
    expect(problems.map(formatProblem)).toEqual([
      'appointments.csv line 2: the row has 7 columns but the header has 6; a value probably contains an unquoted ";", so it was not imported',
      'appointments.csv line 4, column "start": "2026-13-01T09:00" is not a real date and time; use an ISO date-time such as 2026-05-04T09:30 (local) or 2026-05-04T09:30-05:00; the row was not imported',
      'appointments.csv line 7, column "status": "pending" is not one of scheduled, confirmed, completed, cancelled, no_show; the row was not imported',
    ]);
  });

  it('keeps local times unresolved and resolves them per location zone, reporting a DST-gap time', async () => {
    const { records } = await run();
    const [, dstGap, withOffset] = records;
    expect(dstGap).toMatchObject({ status: 'scheduled', procedureCodes: ['D1110'], start: { local: '2026-03-08T02:30:00', offset: null } });
    expect(resolveLocalDateTime(dstGap!.start, 'America/Chicago')).toEqual({
      ok: false, reason: 'nonexistent_local_time',
      message: '2026-03-08T02:30:00 does not exist in America/Chicago (the clocks skip that hour for daylight saving time); correct the time in the source',
    });
    expect(withOffset).toMatchObject({ status: 'no_show', start: { local: '2026-05-04T14:00:00', offset: '-05:00' } });
    expect(resolveLocalDateTime(withOffset!.start, 'America/Los_Angeles')).toEqual({ ok: true, instant: '2026-05-04T19:00:00.000Z', ambiguous: false });
  });
});
