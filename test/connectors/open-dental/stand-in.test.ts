import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/clock.js';
import { startOpenDentalStandIn, type OpenDentalStandIn } from '../../helpers/open-dental-stand-in.js';

const keys = { developerKey: 'dev-STANDIN-1234', customerKey: 'cust-STANDIN-5678' };
const auth = { authorization: `ODFHIR ${keys.developerKey}/${keys.customerKey}` };

/** A clock the test moves: 2026-05-04 14:00 UTC is 10:00 in Tampa, the server's zone. */
function movableClock(start: string): Clock & { set(at: string): void } {
  let now = new Date(start);
  return { now: () => new Date(now), set: (at) => void (now = new Date(at)) };
}

async function get(standIn: OpenDentalStandIn, path: string, headers: Record<string, string> = auth): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${standIn.baseUrl}${path}`, { headers });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
}

async function send(standIn: OpenDentalStandIn, method: string, path: string, body: unknown): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${standIn.baseUrl}${path}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
}

describe('the Open Dental stand-in', () => {
  const clock = movableClock('2026-05-04T14:00:00Z');
  let service: OpenDentalStandIn;
  let remote: OpenDentalStandIn;

  beforeAll(async () => {
    service = await startOpenDentalStandIn({ clock, keys: [keys], mode: 'service', practice: { patients: 300, seed: 11, today: '2026-05-04' } });
    remote = await startOpenDentalStandIn({ clock, keys: [keys], mode: 'remote', practice: service.practice });
  });
  afterAll(async () => {
    await service.close();
    await remote.close();
  });

  it('refuses a request without the ODFHIR header, or with keys it does not know, with 401 and no data', async () => {
    const none = await get(service, '/patients/Simple', {});
    expect(none.status).toBe(401);
    expect(none.body).toBe('Authorization header is missing or invalid. Use "ODFHIR {DeveloperKey}/{CustomerKey}".');
    const wrong = await get(service, '/patients/Simple', { authorization: `ODFHIR ${keys.developerKey}/not-the-customer-key` });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toBe('Invalid developer key or customer key, or the API is not enabled for this office.');
    expect(service.requests.slice(-2).map((r) => r.authorization)).toEqual(['missing', 'refused']);
  });

  it('pages in primary-key order: 1000 rows a page in service mode, 100 in remote mode, a bigger Limit clamped', async () => {
    const all = service.practice.appointments.map((a) => a.AptNum);
    expect(all.length).toBeGreaterThan(1000);
    const first = await get(service, '/appointments?Limit=5000');
    expect((first.body as { AptNum: number }[]).map((a) => a.AptNum)).toEqual(all.slice(0, 1000));
    const second = await get(service, '/appointments?Offset=1000');
    expect((second.body as { AptNum: number }[]).map((a) => a.AptNum)).toEqual(all.slice(1000, 2000));
    const remotePage = await get(remote, '/appointments?Offset=200&Limit=1000');
    expect((remotePage.body as { AptNum: number }[]).map((a) => a.AptNum)).toEqual(all.slice(200, 300));
    const defaultPage = await get(remote, '/patients/Simple');
    expect((defaultPage.body as unknown[]).length).toBe(100);
  });

  it('puts serverDateTime, the server wall time, on every patients/Simple, appointments and procedurelogs row', async () => {
    clock.set('2026-05-04T14:00:00Z');
    for (const path of ['/patients/Simple?Limit=3', '/appointments?Limit=3', '/procedurelogs?Limit=3']) {
      const { body } = await get(service, path);
      expect((body as { serverDateTime: string }[]).map((r) => r.serverDateTime)).toEqual(['2026-05-04 10:00:00', '2026-05-04 10:00:00', '2026-05-04 10:00:00']);
    }
  });

  it('keeps the rows changed at or after DateTStamp, and sees an edit made after the watermark', async () => {
    clock.set('2026-05-04T14:00:00Z');
    const watermark = service.serverDateTime();
    const before = await get(service, `/patients/Simple?DateTStamp=${encodeURIComponent(watermark)}`);
    expect(before.body).toEqual([]);
    const patient = service.practice.patients[7];
    if (!patient) throw new Error('no patient 8');
    service.edit.changePhone(patient.PatNum, 'WirelessPhone', '(813)555-0199');
    const after = await get(service, `/patients/Simple?DateTStamp=${encodeURIComponent(watermark)}`);
    expect((after.body as { PatNum: number; WirelessPhone: string; DateTStamp: string }[]).map((p) => [p.PatNum, p.WirelessPhone, p.DateTStamp]))
      .toEqual([[patient.PatNum, '(813)555-0199', '2026-05-04 10:00:00']]);
    const olderRows = await get(service, '/procedurelogs?DateTStamp=2026-01-01%2000:00:00&Limit=1000');
    expect((olderRows.body as { DateTStamp: string }[]).every((p) => p.DateTStamp >= '2026-01-01 00:00:00')).toBe(true);
    expect((olderRows.body as unknown[]).length).toBe(service.practice.procedureLogs.filter((p) => p.DateTStamp >= '2026-01-01 00:00:00').slice(0, 1000).length);
  });

  it('answers an unknown parameter, a bad DateTStamp and a bad AptStatus with 400 and the explanation', async () => {
    expect(await get(service, '/patients/Simple?updatedSince=2026-01-01')).toMatchObject({ status: 400, body: "'updatedSince' is not a valid parameter." });
    expect(await get(service, '/appointments?DateTStamp=yesterday')).toMatchObject({ status: 400, body: 'DateTStamp is invalid: "yesterday". Use a string in "yyyy-MM-dd HH:mm:ss" format.' });
    expect(await get(service, '/appointments?AptStatus=Cancelled')).toMatchObject({ status: 400, body: 'AptStatus is invalid.' });
    expect(await get(service, '/appointments?Limit=0')).toMatchObject({ status: 400, body: 'Limit must be a positive number; it was 0.' });
  });

  it('holds every appointment status Open Dental has, including Broken, UnschedList, ASAP and Planned', async () => {
    const statuses = new Set(service.practice.appointments.map((a) => a.AptStatus));
    expect([...statuses].sort()).toEqual(['ASAP', 'Broken', 'Complete', 'Planned', 'Scheduled', 'UnschedList']);
    const broken = await get(service, '/appointments?AptStatus=Broken&Limit=1000');
    expect((broken.body as { AptStatus: string }[]).every((a) => a.AptStatus === 'Broken')).toBe(true);
    expect((broken.body as unknown[]).length).toBe(service.practice.appointments.filter((a) => a.AptStatus === 'Broken').length);
  });

  it('creates a comm log with 201 and a Location header, and keeps it for exactly-once checks', async () => {
    const patNum = service.practice.patients[0]?.PatNum ?? 0;
    const created = await send(service, 'POST', '/commlogs', {
      PatNum: patNum, Note: 'Recare case 42: left message', CommDateTime: '2026-05-04 09:55:00', Mode_: 'Phone', SentOrReceived: 'Sent', commType: 'Recall',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ PatNum: patNum, Note: 'Recare case 42: left message', CommDateTime: '2026-05-04 09:55:00', Mode_: 'Phone', SentOrReceived: 'Sent', CommType: '238', commType: 'Recall' });
    const commlogNum = (created.body as { CommlogNum: number }).CommlogNum;
    expect(created.headers.get('location')).toBe(`${service.baseUrl}/commlogs/${commlogNum}`);
    expect(service.receivedCommlogs.at(-1)?.CommlogNum).toBe(commlogNum);
    const listed = await get(service, `/commlogs?PatNum=${patNum}`);
    expect((listed.body as { CommlogNum: number }[]).map((c) => c.CommlogNum)).toContain(commlogNum);
  });

  it('refuses a comm log without PatNum or Note, with a bad date, mode or direction, or for an unknown patient', async () => {
    const patNum = service.practice.patients[0]?.PatNum ?? 0;
    const count = service.receivedCommlogs.length;
    expect(await send(service, 'POST', '/commlogs', { Note: 'x' })).toMatchObject({ status: 400, body: 'PatNum is required.' });
    expect(await send(service, 'POST', '/commlogs', { PatNum: patNum })).toMatchObject({ status: 400, body: 'Note is required.' });
    expect(await send(service, 'POST', '/commlogs', { PatNum: patNum, Note: 'x', CommDateTime: '2026-05-04T09:55:00Z' }))
      .toMatchObject({ status: 400, body: 'CommDateTime is invalid: "2026-05-04T09:55:00Z". Use a string in "yyyy-MM-dd HH:mm:ss" format.' });
    expect(await send(service, 'POST', '/commlogs', { PatNum: patNum, Note: 'x', Mode_: 'SMS' }))
      .toMatchObject({ status: 400, body: 'Mode_ is invalid: "SMS". Either "None", "Email", "Mail", "Phone", "In Person", "Text", "Email and Text", "Phone and Text".' });
    expect(await send(service, 'POST', '/commlogs', { PatNum: patNum, Note: 'x', SentOrReceived: 'Outbound' }))
      .toMatchObject({ status: 400, body: 'SentOrReceived is invalid: "Outbound". Either "Neither", "Sent", or "Received".' });
    expect(await send(service, 'POST', '/commlogs', { PatNum: 999_999, Note: 'x' })).toMatchObject({ status: 404, body: 'Patient not found.' });
    expect(service.receivedCommlogs.length).toBe(count);
  });

  it('confirms an appointment with confirmVal, stamping it, and refuses two fields at once', async () => {
    clock.set('2026-05-04T15:30:00Z');
    const appointment = service.practice.appointments.find((a) => a.AptStatus === 'Scheduled');
    if (!appointment) throw new Error('no scheduled appointment');
    expect(await send(service, 'PUT', `/appointments/${appointment.AptNum}/Confirm`, { confirmVal: 'Confirmed', defNum: 21 }))
      .toMatchObject({ status: 400, body: 'Only one field is allowed in the JSON object, either confirmVal or defNum.' });
    expect(await send(service, 'PUT', `/appointments/${appointment.AptNum}/Confirm`, { confirmVal: 'Confirmed' })).toMatchObject({ status: 200 });
    const read = await get(service, `/appointments/${appointment.AptNum}`);
    expect(read.body).toMatchObject({ Confirmed: 21, confirmed: 'Appointment Confirmed', DateTStamp: '2026-05-04 11:30:00' });
  });

  it('answers scripted faults in order: a 429 with Retry-After, a 500, then normally', async () => {
    service.nextAnswers([{ status: 429, retryAfter: 3 }, { status: 500 }]);
    const limited = await get(service, '/recalls');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    const failed = await get(service, '/recalls');
    expect(failed).toMatchObject({ status: 500, body: { Message: 'An error has occurred.' } });
    const fine = await get(service, '/recalls?Limit=2');
    expect(fine.status).toBe(200);
    expect((fine.body as unknown[]).length).toBe(2);
  });

  it('edits like the office: a new appointment, a broken one, a new plan, a deleted and a merged chart, each stamped now', async () => {
    clock.set('2026-05-05T13:00:00Z');
    const watermark = service.serverDateTime();
    const [a, b, c] = service.practice.patients.filter((p) => p.PatStatus === 'Patient');
    if (!a || !b || !c) throw new Error('need three patients');
    const booked = service.edit.addAppointment({ PatNum: a.PatNum, AptDateTime: '2026-06-01 09:00:00', IsHygiene: true, ProcDescript: 'D1110' });
    const scheduled = service.practice.appointments.find((x) => x.AptStatus === 'Scheduled' && x.AptNum !== booked.AptNum);
    if (!scheduled) throw new Error('no scheduled appointment');
    service.edit.breakAppointment(scheduled.AptNum);
    const { plan } = service.edit.addTreatmentPlan(b.PatNum, [{ procCode: 'D2740', fee: 1250 }]);
    service.edit.deletePatient(c.PatNum);
    service.edit.mergePatients(b.PatNum, a.PatNum);

    const since = encodeURIComponent(watermark);
    const appointments = (await get(service, `/appointments?DateTStamp=${since}&Limit=1000`)).body as { AptNum: number; AptStatus: string; PatNum: number }[];
    expect(appointments.find((x) => x.AptNum === booked.AptNum)).toMatchObject({ AptStatus: 'Scheduled', PatNum: a.PatNum });
    expect(appointments.find((x) => x.AptNum === scheduled.AptNum)).toMatchObject({ AptStatus: 'UnschedList' });
    const plans = (await get(service, `/treatplans?SecDateTEdit=${since}`)).body as { TreatPlanNum: number; PatNum: number }[];
    expect(plans.find((p) => p.TreatPlanNum === plan.TreatPlanNum)).toMatchObject({ PatNum: a.PatNum });
    const planned = (await get(service, `/procedurelogs?DateTStamp=${since}&ProcStatus=TP`)).body as { procCode: string; PatNum: number }[];
    expect(planned).toContainEqual(expect.objectContaining({ procCode: 'D2740', PatNum: a.PatNum }));
    const patients = (await get(service, `/patients/Simple?DateTStamp=${since}`)).body as { PatNum: number; PatStatus: string }[];
    expect(patients.find((p) => p.PatNum === c.PatNum)?.PatStatus).toBe('Deleted');
    expect(patients.find((p) => p.PatNum === b.PatNum)?.PatStatus).toBe('Archived');
    expect(await send(service, 'POST', '/commlogs', { PatNum: c.PatNum, Note: 'x' }))
      .toMatchObject({ status: 400, body: 'Patient is deleted. A deleted patient and their resources may not be modified.' });
  });
});
