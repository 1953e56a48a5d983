import { describe, expect, it } from 'vitest';
import { importCsv } from '../../src/importers/csv/import-table.js';
import { readCsvTable } from '../../src/importers/csv/read-csv-table.js';
import { collectBatches } from '../../src/importers/import-batch.js';
import { formatProblem } from '../../src/importers/problem.js';

async function events(chunks: (string | Buffer)[]) {
  const out = [];
  for await (const event of readCsvTable(chunks, { file: 'x.csv' })) out.push(event);
  return out;
}

describe('readCsvTable', () => {
  it('numbers rows by the line they start on, across quoted line breaks and blank lines', async () => {
    const result = await events(['id,note\n1,"two\nlines"\n\n2,plain\n']);
    expect(result).toEqual([
      { type: 'header', columns: ['id', 'note'], line: 1 },
      { type: 'row', cells: ['1', 'two\nlines'], line: 2 },
      { type: 'row', cells: ['2', 'plain'], line: 5 },
    ]);
  });

  it('reads CRLF, LF and lone CR line ends mixed in one file, numbering rows by the line they start on', async () => {
    // A CRLF header pasted over LF rows, a row ending in a lone CR, a CRLF inside a quoted field, a blank line.
    const text = 'id,note\r\n1,plain\n2,"two\r\nlines"\n3,mac\r\r\n4,extra,cell\n5,last\r\n';
    const expected = [
      { type: 'header', columns: ['id', 'note'], line: 1 },
      { type: 'row', cells: ['1', 'plain'], line: 2 },
      { type: 'row', cells: ['2', 'two\nlines'], line: 3 },
      { type: 'row', cells: ['3', 'mac'], line: 5 },
      { type: 'problem', problem: { file: 'x.csv', line: 7, column: null, value: null, severity: 'error', message: 'the row has 3 columns but the header has 2; a value probably contains an unquoted ",", so it was not imported' } },
      { type: 'row', cells: ['5', 'last'], line: 8 },
    ];
    expect(await events([text])).toEqual(expected);
    // The same bytes with every chunk ending in a CR whose LF starts the next chunk.
    expect(await events(text.split(/(?<=\r)/))).toEqual(expected);
  });

  it('counts a CRLF inside a quoted field of a Windows file as one line', async () => {
    expect(await events(['id,note\r\n1,"a\r\nb"\r\n2,x\r\n'])).toEqual([
      { type: 'header', columns: ['id', 'note'], line: 1 },
      { type: 'row', cells: ['1', 'a\nb'], line: 2 },
      { type: 'row', cells: ['2', 'x'], line: 4 },
    ]);
  });

  it('decodes UTF-8 split across chunk boundaries and strips the BOM', async () => {
    const bytes = Buffer.from('\uFEFFid;name\n1;Zoë Núñez\n', 'utf8');
    const split = bytes.indexOf(Buffer.from('ë')) + 1; // in the middle of the two-byte "ë"
    const result = await events([bytes.subarray(0, 5), bytes.subarray(5, split), bytes.subarray(split)]);
    expect(result).toEqual([{ type: 'header', columns: ['id', 'name'], line: 1 }, { type: 'row', cells: ['1', 'Zoë Núñez'], line: 2 }]);
  });

  it('reports an empty file', async () => {
    expect(await events(['\uFEFF'])).toEqual([{ type: 'problem', problem: expect.objectContaining({ message: 'the file is empty; expected a header line with column names' }) }]);
  });
});

describe('streaming', () => {
  it('hands over batches while the source is still being read, so a big file never sits in memory', async () => {
    let chunksRead = 0;
    const total = 100;
    async function* source() {
      yield 'location_id,name,time_zone,state\n';
      for (let chunk = 0; chunk < total; chunk += 1) {
        chunksRead += 1;
        let text = '';
        for (let row = 0; row < 50; row += 1) text += `L${chunk}-${row},Office ${chunk}-${row},America/Denver,CO\n`;
        yield text;
      }
    }
    const batches = importCsv('locations', source(), { file: 'locations.csv', batchSize: 100 });
    const first = await batches.next();
    expect(first.done).toBe(false);
    expect(first.value?.records).toHaveLength(100);
    expect(chunksRead).toBeLessThan(total / 2);
    let count = first.value?.records.length ?? 0;
    for await (const batch of batches) count += batch.records.length;
    expect(count).toBe(total * 50);
  });
});

describe('the other canonical kinds', () => {
  it('locations and providers', async () => {
    const locations = await collectBatches(importCsv('locations', ['location_id,name,time_zone,state,zip,phone\nmain,Main St,America/Chicago,IL,60610,312-555-0100\nbad,Branch,CST,IL,,\n'], { file: 'locations.csv' }));
    expect(locations.records).toEqual([expect.objectContaining({ externalId: 'main', timeZone: 'America/Chicago', phone: expect.objectContaining({ value: '+13125550100', isValid: true }) })]);
    expect(locations.problems.map(formatProblem)).toEqual(['locations.csv line 3, column "time_zone": "CST" is not an IANA time zone; use a name such as America/Chicago or America/New_York; the row was not imported']);
    const providers = await collectBatches(importCsv('providers', ['provider_id,name,role,location\nd1,Dr. Ada Ruiz,DDS,main\nh1,Kim Lo,RDH,\nx,Pat,wizard,\n'], { file: 'providers.csv' }));
    expect(providers.records.map((p) => [p.externalId, p.role, p.locationExternalId])).toEqual([['d1', 'dentist', 'main'], ['h1', 'hygienist', null], ['x', 'other', null]]);
    expect(providers.problems.map((p) => p.message)).toEqual(['"wizard" is not one of dentist, hygienist, physician, other; the value was ignored']);
  });

  it('procedures: CDT by default, fees in cents, a non-CDT code needs its code system', async () => {
    const csv = 'procedure_id,patient_id,code,code_system,status,date,fee\n'
      + 'r1,p1,d1110,,completed,2026-01-15,110.00\nr2,p1,D2740,CDT,planned,2026-01-15,"1,250"\nr3,p1,34043003,,completed,2026-01-15,\n'
      + 'r4,p1,34043003,SNOMED,completed,2026-01-15,\nr5,p1,D0120,,in progress,2026-01-15,\n';
    const { records, problems } = await collectBatches(importCsv('procedures', [csv], { file: 'procedures.csv' }));
    expect(records.map((r) => [r.externalId, r.codeSystem, r.code, r.status, r.feeCents])).toEqual([
      ['r1', 'CDT', 'D1110', 'completed', 11000], ['r2', 'CDT', 'D2740', 'planned', 125000], ['r4', 'SNOMED', '34043003', 'completed', null],
    ]);
    expect(problems.map(formatProblem)).toEqual([
      'procedures.csv line 4, column "code": "34043003" is not a CDT code; use e.g. D1110, or set code_system to CPT or SNOMED; the row was not imported',
      'procedures.csv line 6, column "status": "in progress" is not one of completed, planned; the row was not imported',
    ]);
  });

  it('recalls and contact history', async () => {
    const recalls = await collectBatches(importCsv('recalls', ['patient_id,recall_type,due_date,interval,disabled\np1,Prophy,2026-07-01,6m,no\np1,prophy,2026-08-01,6m,\np2,Perio,2026-07-01,3m,sometimes\n'], { file: 'recalls.csv' }));
    expect(recalls.records.map((r) => [r.patientExternalId, r.recallType, r.disabled])).toEqual([['p1', 'Prophy', false]]);
    expect(recalls.problems.map(formatProblem)).toEqual([
      'recalls.csv line 3, column "recall_type": "p1 / prophy" appears again (first on line 2); ids must be unique in a file, so this row was not imported',
      'recalls.csv line 4, column "disabled": "sometimes" is not yes or no; use yes, no or leave it blank; the row was not imported',
    ]);
    const contacts = await collectBatches(importCsv('contacts', ['patient_id,at,channel,direction,outcome,note\np1,2026-02-01 10:15,phone,outbound,left message,VM\np1,2026-02-03,text,in,replied,\np2,yesterday,sms,,,\n'], { file: 'contacts.csv' }));
    expect(contacts.records.map((c) => [c.channel, c.direction, c.at.local, c.outcome])).toEqual([['voice', 'out', '2026-02-01T10:15:00', 'left message'], ['sms', 'in', '2026-02-03T00:00:00', 'replied']]);
    expect(contacts.problems).toHaveLength(1);
    expect(contacts.problems[0]).toMatchObject({ line: 4, column: 'at', value: 'yesterday', severity: 'error' });
  });
});
