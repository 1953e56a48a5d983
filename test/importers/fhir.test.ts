import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importFhir } from '../../src/importers/fhir/import-fhir.js';
import { fhirEventsFromJson, readFhirJson } from '../../src/importers/fhir/read-fhir-json.js';
import { readFhirFile, readFhirPath } from '../../src/importers/fhir/read-fhir-path.js';
import { readNdjson } from '../../src/importers/fhir/read-ndjson.js';
import { formatProblem } from '../../src/importers/problem.js';
import { programForProcedure } from '../../src/domain/recall/procedure-programs.js';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

describe('Synthea QI-Core transaction bundle with conditional references (exf-qicore-2025-california slice)', () => {
  it('resolves Practitioner?identifier= and Location?identifier= across the patient, practitioner and hospital files', async () => {
    const { records, problems, skipped } = await importFhir(readFhirPath(fixture('synthea-qicore')));
    expect(records.patients).toHaveLength(1);
    expect(records.patients[0]).toMatchObject({ externalId: '243a6f9d-3a82-8e87-3adf-5b1a447a6f30', firstName: 'Jacobo456', lastName: 'Saavedra625', birthDate: '1995-06-19', language: 'es', status: 'active' });
    // Synthea's 555 numbers are fictional on purpose: kept, flagged.
    expect(records.patients[0]?.contactPoints).toEqual([{ kind: 'phone', use: 'home', value: '555-728-5981', rawValue: '555-728-5981', isValid: false, invalidReason: 'is not a valid US phone number (no such area code or exchange)' }]);
    expect(records.providers.map((p) => [p.externalId, p.role, p.locationExternalId])).toEqual([
      ['566fe4c9-cadf-3c3b-99c2-ef2060176487', 'physician', '1b976331-fcce-3457-8761-0338bc88bd2c'],
      ['43ba0ab9-403c-30ff-abcc-61419798cb5b', 'physician', 'c85759ca-98ab-3c9f-9139-4098f3c8c920'],
    ]);
    expect(records.locations.map((l) => [l.name, l.timeZone])).toEqual([['HENRY MAYO NEWHALL MEMORIAL HOSPITAL', 'America/Los_Angeles'], ['SAMUEL DIXON FAMILY HEALTH CENTER, INC.', 'America/Los_Angeles']]);
    const dentalVisit = records.appointments.find((a) => a.type === 'Encounter for check up (procedure)');
    expect(dentalVisit).toMatchObject({
      externalId: 'Encounter/1002002d-b2de-7ae5-cb3e-d09042d6bdbe', status: 'completed', start: { local: '2023-09-11T04:49:01', offset: '+00:00' },
      providerExternalId: '566fe4c9-cadf-3c3b-99c2-ef2060176487', locationExternalId: '1b976331-fcce-3457-8761-0338bc88bd2c',
    });
    expect(dentalVisit?.procedureCodes).toEqual(['34043003', '225362009', '1260009003', '1260010008', '241046008', '274788003', '1259293006', '243085009']);
    const programs = records.procedures.filter((p) => p.appointmentExternalId === dentalVisit?.externalId)
      .map((p) => programForProcedure(p.codeSystem, p.code, p.status)).filter((k) => k !== null);
    expect(new Set(programs)).toEqual(new Set(['periodic_exam', 'hygiene']));
    expect(records.procedures).toHaveLength(17);
    expect(skipped).toEqual({ Condition: 1, Observation: 1, Organization: 2 });
    expect(problems.map(formatProblem)).toEqual([
      '243a6f9d-3a82-8e87-3adf-5b1a447a6f30.json, column "Bundle.entry[0].resource.telecom[0].value": "555-728-5981" is not a valid US phone number (no such area code or exchange); use e.g. +15551234567; kept but flagged invalid',
    ]);
  });

  it('says once per file when a conditional reference has no target in the import', async () => {
    const { records, problems } = await importFhir(readFhirFile(fixture('synthea-qicore/243a6f9d-3a82-8e87-3adf-5b1a447a6f30.json')));
    expect(records.appointments.every((a) => a.providerExternalId === null && a.patientExternalId === '243a6f9d-3a82-8e87-3adf-5b1a447a6f30')).toBe(true);
    const unresolved = problems.filter((p) => p.value?.startsWith('Practitioner?identifier='));
    expect(unresolved.map((p) => p.message)).toEqual([
      '"Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999861393" matches no Practitioner in this import; include the file that defines it (e.g. Synthea\'s practitionerInformation/hospitalInformation bundles); left empty',
      '"Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999986596" matches no Practitioner in this import; include the file that defines it (e.g. Synthea\'s practitionerInformation/hospitalInformation bundles); left empty',
    ]);
    expect(unresolved.every((p) => p.severity === 'warning')).toBe(true);
  });
});

describe('older Synthea bundle with urn:uuid references (smart-generated-sample-data-r4 slice)', () => {
  it('imports the deceased patient as deceased and resolves in-bundle urn:uuid references', async () => {
    const { records, problems } = await importFhir(readFhirPath(fixture('synthea-smart-2019')));
    expect(records.patients.map((p) => [p.externalId, p.firstName, p.status])).toEqual([['45a69bf0-7116-4f9f-a1d9-29700439b4a4', 'Jonah', 'deceased']]);
    expect(records.appointments.map((a) => [a.externalId, a.patientExternalId, a.providerExternalId, a.procedureCodes])).toEqual([
      ['Encounter/34ff8f9c-7d6c-4e21-b209-ae3286f0179f', '45a69bf0-7116-4f9f-a1d9-29700439b4a4', '89af50db-f85c-497f-aa1f-f1c5cea70bc7', ['269911007']],
      ['Encounter/249fc4c8-7956-40d9-a32b-67c7e3cd6025', '45a69bf0-7116-4f9f-a1d9-29700439b4a4', '89af50db-f85c-497f-aa1f-f1c5cea70bc7', ['428191000124101']],
    ]);
    // Its care plans have activities without dates: goals, not due dates.
    expect(records.recalls).toEqual([]);
    expect(problems.filter((p) => p.column?.endsWith('.activity')).map((p) => p.severity)).toEqual(['warning', 'warning']);
  });
});

describe('FHIR Bulk Data NDJSON (smart-bulk-ndjson-10-patients slice)', () => {
  it('streams a directory of NDJSON files, resolving literal and conditional references, and skips the export log', async () => {
    const { records, problems } = await importFhir(readFhirPath(fixture('synthea-bulk-ndjson')));
    expect(records.patients.map((p) => [p.externalId, p.status, p.origin.line])).toEqual([
      ['129c6ac7-8d06-89de-ad63-0204a93e76c3', 'deceased', 1], ['3af3708d-41f1-cd80-f3dd-ec5ac76072bf', 'deceased', 2],
    ]);
    expect(records.appointments).toHaveLength(6);
    expect(records.appointments.every((a) => a.providerExternalId !== null && a.locationExternalId !== null)).toBe(true);
    expect(records.locations.every((l) => l.timeZone === 'America/Chicago')).toBe(true);
    expect(records.procedures).toHaveLength(12);
    expect(problems.map(formatProblem)).toContain('log.ndjson: is a bulk-export log, not resources; skipped');
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('reports a truncated or non-resource line by number and keeps reading', async () => {
    const lines = ['{"resourceType":"Patient","id":"a","name":[{"family":"Doe","given":["Jo"]}]}', '{"resourceType":"Patient","id":"b","na', '{"hello":1}', '', '{"resourceType":"Patient","id":"c","name":[{"family":"Roe","given":["Al"]}]}'];
    const { records, problems } = await importFhir(readNdjson([lines.join('\n')], 'Patient.ndjson'));
    expect(records.patients.map((p) => [p.externalId, p.origin.line])).toEqual([['a', 1], ['c', 5]]);
    expect(problems.map(formatProblem)).toEqual([
      'Patient.ndjson line 2: is not a JSON resource (the line may be truncated); NDJSON needs one complete resource per line',
      'Patient.ndjson line 3: has no "resourceType"; expected a FHIR resource',
    ]);
  });
});

describe('HL7 FHIR R4 core examples', () => {
  it('maps patients, a booked appointment, a procedure and a practitioner role; reports what it cannot use', async () => {
    const { records, problems } = await importFhir(readFhirPath(fixture('hl7-r4-examples')));
    expect(records.patients.map((p) => [p.externalId, p.firstName, p.lastName, p.language])).toEqual([['example', 'Peter', 'Chalmers', null], ['f001', 'Pieter', 'van de Heuvel', 'nl'], ['glossy', 'Henry', 'Levin', null]]);
    expect(records.patients[1]?.contactPoints.map((c) => [c.kind, c.use, c.value, c.isValid])).toEqual([['phone', 'mobile', '0648352638', false], ['email', 'home', 'p.heuvel@gmail.com', true]]);
    expect(records.patients[2]?.providerExternalId).toBe('example');
    expect(records.appointments).toEqual([expect.objectContaining({
      externalId: 'Appointment/example', patientExternalId: 'example', status: 'scheduled', providerExternalId: 'example', locationExternalId: '1',
      start: { local: '2013-12-10T09:00:00', offset: 'Z' }, durationMinutes: 120,
    })]);
    expect(records.providers).toEqual([expect.objectContaining({ externalId: 'example', name: 'Dr Adam Careful', locationExternalId: '1' })]);
    expect(records.procedures).toEqual([expect.objectContaining({ externalId: 'example', codeSystem: 'SNOMED', code: '80146002', date: '2013-04-05', providerExternalId: 'example' })]);
    expect(problems.filter((p) => !p.column?.includes('telecom')).map(formatProblem)).toEqual([
      'Appointment-examplereq.json, column "Appointment.status": is not a booked appointment (booked, arrived, checked-in, fulfilled, cancelled, noshow are imported); skipped',
      'CarePlan-example.json, column "CarePlan.activity": has no open activity with a scheduled date and a code, so it gives no due date; nothing imported',
      'Encounter-example.json, column "Encounter.period.start": is missing or invalid; the visit was not imported',
      'Location-1.json, column "Location.address.postalCode": gives no time zone (no timezone extension, no known US ZIP); set the location\'s time zone in Recare before appointments are resolved',
      'package.json: has no "resourceType"; expected a FHIR Bundle or resource',
    ]);
  });
});

describe('HL7 Dental Data Exchange examples', () => {
  it('maps CDT-coded procedures and reports the XML examples as unsupported', async () => {
    const { records, problems, skipped } = await importFhir(readFhirPath(fixture('dental-ig')));
    expect(records.procedures.map((p) => [p.codeSystem, p.code, p.status, p.date, p.patientExternalId])).toEqual([
      ['CDT', 'D2331', 'completed', '2024-08-17', 'example-dental'], ['CDT', 'D3310', 'completed', '2024-08-17', 'example-dental'],
    ]);
    expect(skipped).toEqual({ Condition: 1 });
    expect(problems.map(formatProblem)).toEqual(['servicerequest-prophylaxis-example.xml: unsupported format: XML; export the resources as FHIR JSON (a Bundle or NDJSON) instead']);
  });
});

describe('due dates from CarePlan and ServiceRequest', () => {
  const bundle = {
    resourceType: 'Bundle', type: 'collection', entry: [
      { fullUrl: 'urn:uuid:p1', resource: { resourceType: 'Patient', id: 'p1', name: [{ family: 'Doe', given: ['Jane'] }] } },
      { resource: { resourceType: 'CarePlan', status: 'active', subject: { reference: 'urn:uuid:p1' }, activity: [
        { detail: { status: 'scheduled', code: { coding: [{ system: 'http://www.ada.org/cdt', code: 'D4910', display: 'periodontal maintenance' }] }, scheduledPeriod: { start: '2026-09-01' } } },
        { detail: { status: 'completed', code: { text: 'done already' }, scheduledPeriod: { start: '2026-01-01' } } },
      ] } },
      { resource: { resourceType: 'ServiceRequest', id: 'sr1', status: 'active', intent: 'order', subject: { reference: 'Patient/p1' }, code: { coding: [{ system: 'http://www.ada.org/cdt', code: 'D1110', display: 'prophylaxis - adult' }] }, occurrenceDateTime: '2026-07-01' } },
      { resource: { resourceType: 'ServiceRequest', id: 'sr2', status: 'active', intent: 'plan', subject: { reference: 'Patient/p1' }, code: { coding: [{ system: 'http://www.ada.org/cdt', code: 'D2740' }] }, authoredOn: '2026-02-03T10:00:00Z' } },
      { resource: { resourceType: 'Procedure', status: 'completed', subject: { reference: 'Patient?identifier=urn:mrn|404' }, code: { coding: [{ system: 'http://www.ada.org/cdt', code: 'D1110' }] }, performedDateTime: '2026-01-01' } },
    ],
  };

  it('turns dated open activities and occurrences into recalls, undated requests into planned treatment', async () => {
    const { records, problems } = await importFhir(fhirEventsFromJson(bundle, 'due.json'));
    expect(records.recalls.map((r) => [r.patientExternalId, r.recallType, r.dueDate])).toEqual([['p1', 'periodontal maintenance', '2026-09-01'], ['p1', 'prophylaxis - adult', '2026-07-01']]);
    expect(records.procedures).toEqual([expect.objectContaining({ externalId: 'ServiceRequest/sr2', code: 'D2740', status: 'planned', date: '2026-02-03' })]);
    expect(problems.map(formatProblem)).toEqual([
      'due.json, column "Bundle.entry[4].resource.subject": "Patient?identifier=urn:mrn|404" matches no Patient in this import; include the file that defines it (e.g. Synthea\'s practitionerInformation/hospitalInformation bundles); the Procedure was not imported',
    ]);
  });

  it('reports XML and broken JSON documents instead of misreading them', () => {
    expect(readFhirJson('<Patient xmlns="http://hl7.org/fhir"/>', 'p.xml')).toEqual([{ type: 'problem', problem: expect.objectContaining({ message: 'unsupported format: XML; export the resources as FHIR JSON (a Bundle or NDJSON) instead' }) }]);
    expect(readFhirJson('{"resourceType": "Bundle", ', 'b.json')[0]).toMatchObject({ type: 'problem', problem: { file: 'b.json', severity: 'error' } });
  });
});

describe('resources of the wrong shape', () => {
  const good = { resourceType: 'Patient', id: 'ok1', name: [{ family: 'Good', given: ['Gail'] }] };

  it('reports a malformed resource like a bad CSV row, leaves it out, and keeps reading the good ones', async () => {
    const bundle = {
      resourceType: 'Bundle', type: 'collection', entry: [
        { resource: { resourceType: 'Patient', id: 's1', name: 'Jane Doe' } },
        { resource: { resourceType: 'Patient', id: 's2', name: [{ family: 'Roe', given: 'Al' }], telecom: { system: 'phone', value: '5125550100' }, gender: 5 } },
        { resource: { resourceType: 'Patient', id: 's3', name: [{ family: 'x'.repeat(3_000_000), given: ['Hugo'] }] } },
        { resource: { resourceType: 'Patient', id: 's4', identifier: 'MRN-4', name: [{ family: 'Poe', given: ['Ed'] }] } },
        { resource: { resourceType: 'Appointment', id: 'a1', status: 'booked', start: '2026-12-01T09:00:00-06:00', participant: 'Patient/ok1' } },
        { resource: { resourceType: 'Observation', id: 'o1', code: 'ignored, not read' } },
        null,
        { resource: good },
      ],
    };
    const { records, problems } = await importFhir(fhirEventsFromJson(bundle, 'odd.json'));
    expect(records.patients.map((p) => p.externalId)).toEqual(['ok1']);
    expect(records.appointments).toEqual([]);
    expect(problems).toEqual([
      { file: 'odd.json', line: null, column: 'Bundle.entry[0].resource.name', value: 'Jane Doe', severity: 'error', message: 'is a string, expected a list (JSON array); the Patient was not imported' },
      {
        file: 'odd.json', line: null, column: 'Bundle.entry[1].resource', value: null, severity: 'error',
        message: 'has 3 elements of the wrong shape (name[0].given is a string, expected a list (JSON array); telecom is an object, expected a list (JSON array); gender is a whole number, expected a string); the Patient was not imported',
      },
      { file: 'odd.json', line: null, column: 'Bundle.entry[2].resource.name[0].family', value: null, severity: 'error', message: 'is 3,000,000 characters long, at most 200 allowed; the Patient was not imported' },
      { file: 'odd.json', line: null, column: 'Bundle.entry[3].resource.identifier', value: 'MRN-4', severity: 'error', message: 'is a string, expected an object or a list (JSON array) of objects; the Patient was not imported' },
      { file: 'odd.json', line: null, column: 'Bundle.entry[4].resource.participant', value: 'Patient/ok1', severity: 'error', message: 'is a string, expected a list (JSON array); the Appointment was not imported' },
      { file: 'odd.json', line: null, column: 'Bundle.entry[6].resource', value: null, severity: 'error', message: 'has no resource; nothing to import' },
    ]);
  });

  it('reports a Bundle whose entry is not a list, and a malformed NDJSON resource by line', async () => {
    expect(fhirEventsFromJson({ resourceType: 'Bundle', entry: { resource: good } }, 'b.json')).toEqual([
      { type: 'problem', problem: { file: 'b.json', line: null, column: 'Bundle.entry', value: null, severity: 'error', message: 'is not a list (JSON array) of entries; nothing to import' } },
    ]);
    const ndjson = [JSON.stringify({ resourceType: 'Patient', id: 'n1', name: 'Ann Lee' }), JSON.stringify(good)].join('\n') + '\n';
    const { records, problems } = await importFhir(readNdjson([ndjson], 'Patient.ndjson'));
    expect(records.patients.map((p) => p.externalId)).toEqual(['ok1']);
    expect(problems.map(formatProblem)).toEqual(['Patient.ndjson line 1, column "Patient.name": is a string, expected a list (JSON array); the Patient was not imported']);
  });
});
