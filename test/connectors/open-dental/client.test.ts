import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { OpenDentalClient, type OpenDentalClientOptions } from '../../../src/connectors/open-dental/client.js';
import { resolveConnection } from '../../../src/connectors/open-dental/connection-mode.js';
import { OpenDentalError } from '../../../src/connectors/open-dental/open-dental-error.js';
import { createLog } from '../../../src/log.js';
import { generatePractice, startOpenDentalStandIn, type OpenDentalStandIn } from '../../helpers/open-dental-stand-in.js';

const keys = { developerKey: 'devKEY-9f3a71c2', customerKey: 'custKEY-55b0e8d4' };
const clock = fixedClock('2026-05-04T14:00:00Z');

/** Records the waits instead of waiting: the tests stay fast and never read the wall clock. */
function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

async function collect<T>(pages: AsyncGenerator<{ rows: T[] }>): Promise<T[]> {
  const rows: T[] = [];
  for await (const page of pages) rows.push(...page.rows);
  return rows;
}

async function caught(promise: Promise<unknown>): Promise<OpenDentalError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpenDentalError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('the Open Dental client against the stand-in', () => {
  let service: OpenDentalStandIn;
  let remote: OpenDentalStandIn;
  const client = (standIn: OpenDentalStandIn, extra: Partial<OpenDentalClientOptions> = {}): OpenDentalClient =>
    new OpenDentalClient({ mode: standIn.mode, url: standIn.baseUrl, ...keys, sleep: recordingSleep().sleep, random: () => 0.5, clock, ...extra });

  beforeAll(async () => {
    const practice = generatePractice({ patients: 2500, seed: 5, today: '2026-05-04' });
    service = await startOpenDentalStandIn({ clock, keys: [keys], mode: 'service', practice });
    remote = await startOpenDentalStandIn({ clock, keys: [keys], mode: 'remote', practice });
  });
  afterAll(async () => {
    await service.close();
    await remote.close();
  });

  it('reads all 2,500 patients in service mode in pages of 1000, stopping at the short page', async () => {
    const before = service.requests.length;
    const patients = await collect(client(service).patients());
    expect(patients.map((p) => p.PatNum)).toEqual(service.practice.patients.map((p) => p.PatNum));
    expect(patients).toHaveLength(2500);
    expect(service.requests.slice(before).map((r) => [r.path, r.query.get('Offset'), r.query.get('Limit')])).toEqual([
      ['/api/v1/patients/Simple', '0', '1000'], ['/api/v1/patients/Simple', '1000', '1000'], ['/api/v1/patients/Simple', '2000', '1000'],
    ]);
  });

  it('reads all 2,500 patients in remote mode in pages of 100; a last full page costs one more, empty, page', async () => {
    const before = remote.requests.length;
    const patients = await collect(client(remote).patients());
    expect(patients).toHaveLength(2500);
    expect(new Set(patients.map((p) => p.PatNum)).size).toBe(2500);
    const asked = remote.requests.slice(before);
    expect(asked).toHaveLength(26);
    expect(asked.map((r) => Number(r.query.get('Offset')))).toEqual(Array.from({ length: 26 }, (_, i) => i * 100));
    expect(asked.every((r) => r.query.get('Limit') === '100')).toBe(true);
  });

  it('loses nothing when a server clamps its pages to 100 while the client asks for 1000', async () => {
    const patients = await collect(client(remote, { mode: 'service' }).patients());
    expect(patients).toHaveLength(2500);
  });

  it('returns each page with the serverDateTime Open Dental stamped on it, and probes the server time', async () => {
    const first = await client(service).appointments().next();
    expect(first.value).toMatchObject({ offset: 0, serverDateTime: '2026-05-04 10:00:00' });
    expect(await client(service).serverDateTime()).toBe('2026-05-04 10:00:00');
    const recalls = await client(service).recalls().next();
    expect(recalls.value?.serverDateTime).toBeNull();
  });

  it('retries a 429 after the Retry-After it was given and a 500 after a jittered backoff, then succeeds', async () => {
    const { sleep, waits } = recordingSleep();
    service.nextAnswers([{ status: 429, retryAfter: 2 }, { status: 500 }]);
    const types = await client(service, { sleep }).recallTypes();
    expect(types.map((t) => t.Description)).toEqual(['Prophy', 'Child Prophy', 'Perio']);
    // Retry 1 waited the 2 s asked; retry 2 backs off 1000 ms with equal jitter: 500 + 0.5 × 500.
    expect(waits).toEqual([2000, 750]);
  });

  it('retries a dropped connection and reads the page again', async () => {
    const { sleep, waits } = recordingSleep();
    service.nextAnswers([{ reset: true }]);
    const page = await client(service, { sleep }).commlogs().next();
    expect(page.value?.rows.length).toBeGreaterThan(0);
    // The first backoff: 500 ms with equal jitter, 250 + 0.5 × 250.
    expect(waits).toEqual([375]);
  });

  it('gives up on an answer that takes longer than its timeout, and retries it as a network failure', async () => {
    const { sleep, waits } = recordingSleep();
    service.nextAnswers([{ delayMs: 400 }]);
    const types = await client(service, { sleep, requestTimeoutMs: 100 }).recallTypes();
    expect(types).toHaveLength(3);
    expect(waits).toEqual([375]);
    service.nextAnswers([{ delayMs: 400 }, { delayMs: 400 }]);
    const error = await caught(client(service, { sleep, requestTimeoutMs: 100, retry: { maxAttempts: 2 } }).recallTypes());
    expect(error.failure).toBe('network');
    expect(error.message).toBe(
      `Could not reach Open Dental at ${service.baseUrl} for GET /recalltypes: no answer within 100 ms; gave up after 2 attempts. Check the URL, and that the Open Dental API Service is running and reachable from Recare.`,
    );
  });

  it('gives up after the attempt limit on 500s with a message that says what happened', async () => {
    const { sleep, waits } = recordingSleep();
    service.nextAnswers([{ status: 500 }, { status: 500 }, { status: 500 }]);
    const error = await caught(collect(client(service, { sleep, retry: { maxAttempts: 3 } }).procedureLogs()));
    expect(error.failure).toBe('server_error');
    expect(error.message).toBe(
      'Open Dental answered 500 to GET /procedurelogs 3 times; gave up after 3 attempts. The office\'s Open Dental server failed; the next run will try again. Open Dental said: "An error has occurred."',
    );
    expect([error.status, error.attempts, error.transient]).toEqual([500, 3, true]);
    expect(waits).toEqual([375, 750]);
  });

  it('gives up after the attempt limit on 429s, and at once when Retry-After is longer than it waits', async () => {
    service.nextAnswers([{ status: 429 }, { status: 429 }]);
    const limited = await caught(client(service, { retry: { maxAttempts: 2 } }).recallTypes());
    expect(limited.failure).toBe('rate_limited');
    expect(limited.message).toBe(
      'Open Dental answered 429 Too Many Requests to GET /recalltypes 2 times; gave up after 2 attempts. Open Dental limits how fast one key may call; the next run will try again. Open Dental said: "Too many requests. Wait before sending more."',
    );
    service.nextAnswers([{ status: 429, retryAfter: 600 }]);
    const tooLong = await caught(client(service).recallTypes());
    expect(tooLong.message).toBe(
      'Open Dental answered 429 Too Many Requests to GET /recalltypes and asked to wait 600 s, longer than Recare waits (120 s); the next run will try again. Open Dental said: "Too many requests. Wait before sending more."',
    );
    expect(tooLong.attempts).toBe(1);
  });

  it('stops at the first 401 with the clear message, without retrying', async () => {
    const before = service.requests.length;
    const wrong = new OpenDentalClient({ mode: 'service', url: service.baseUrl, developerKey: keys.developerKey, customerKey: 'not-this-office', sleep: recordingSleep().sleep });
    const error = await caught(collect(wrong.patients()));
    expect(error.failure).toBe('unauthorized');
    expect(error.message).toBe(
      'Open Dental refused the keys (401) for GET /patients/Simple: check the developer key and the customer key, and that the office enabled the API for this customer key (Open Dental: Setup > Advanced Setup > API). Open Dental said: "Invalid developer key or customer key, or the API is not enabled for this office."',
    );
    expect([error.status, error.attempts, error.transient]).toEqual([401, 1, false]);
    expect(service.requests.length - before).toBe(1);
  });

  it('does not retry a 400: the request is wrong, and the message quotes Open Dental', async () => {
    const error = await caught(client(service).request('GET', '/appointments', { updatedSince: '2026-01-01' }));
    expect(error.failure).toBe('rejected');
    expect(error.message).toBe('Open Dental rejected GET /appointments (400). Open Dental said: "\'updatedSince\' is not a valid parameter."');
  });

  it('writes a comm log once and confirms an appointment', async () => {
    const patNum = service.practice.patients[3]?.PatNum ?? 0;
    const count = service.receivedCommlogs.length;
    const created = await client(service).createCommlog({ PatNum: patNum, Note: 'Recare case 7: no answer', CommDateTime: '2026-05-04 09:58:00', Mode_: 'Phone', SentOrReceived: 'Sent' });
    expect(created).toMatchObject({ PatNum: patNum, Note: 'Recare case 7: no answer', Mode_: 'Phone', SentOrReceived: 'Sent', CommDateTime: '2026-05-04 09:58:00' });
    expect(service.receivedCommlogs.length - count).toBe(1);
    const appointment = service.practice.appointments.find((a) => a.AptStatus === 'Scheduled');
    if (!appointment) throw new Error('no scheduled appointment');
    await client(service).confirmAppointment(appointment.AptNum, 'Confirmed');
    expect(appointment.confirmed).toBe('Appointment Confirmed');
  });
});

describe('the Open Dental client when nothing answers', () => {
  it('fails with a network error after its retries, naming the URL', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { sleep, waits } = recordingSleep();
    const client = new OpenDentalClient({ mode: 'service', url: `http://127.0.0.1:${port}/api/v1`, ...keys, sleep, random: () => 0, retry: { maxAttempts: 3 } });
    const error = await caught(client.recallTypes());
    expect(error.failure).toBe('network');
    expect(error.message).toBe(
      `Could not reach Open Dental at http://127.0.0.1:${port}/api/v1 for GET /recalltypes: the connection was refused; gave up after 3 attempts. Check the URL, and that the Open Dental API Service is running and reachable from Recare.`,
    );
    expect(waits).toEqual([250, 500]);
  });
});

describe('the keys stay secret', () => {
  let echo: Server;
  let echoUrl: string;
  let standIn: OpenDentalStandIn;

  beforeAll(async () => {
    // A server that quotes the Authorization header back in its error, as a careless proxy might.
    echo = createServer((req, res) => {
      res.writeHead(req.url?.includes('fail') ? 503 : 400, { 'content-type': 'application/json' });
      res.end(JSON.stringify(`Bad request; header was ${req.headers.authorization ?? ''}`));
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/api/v1`;
    standIn = await startOpenDentalStandIn({ clock, keys: [{ developerKey: 'another', customerKey: 'pair' }], practice: { patients: 20, seed: 3, today: '2026-05-04' } });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => echo.close(() => resolve()));
    await standIn.close();
  });

  it('appear in no error, however it is printed, and in no log line', async () => {
    const lines: string[] = [];
    const log = createLog('debug', new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(chunk.toString('utf8')); done(); } }));
    const options = { ...keys, sleep: recordingSleep().sleep, log, retry: { maxAttempts: 2 } };
    const errors = [
      await caught(new OpenDentalClient({ mode: 'service', url: echoUrl, ...options }).recallTypes()),
      await caught(new OpenDentalClient({ mode: 'service', url: `${echoUrl}/fail`, ...options }).recallTypes()),
      await caught(new OpenDentalClient({ mode: 'service', url: standIn.baseUrl, ...options }).recallTypes()),
      await caught(new OpenDentalClient({ mode: 'service', url: 'http://127.0.0.1:1/api/v1', ...options }).recallTypes()),
    ];
    expect(errors.map((e) => e.failure)).toEqual(['rejected', 'server_error', 'unauthorized', 'network']);
    expect(errors[0]?.message).toBe('Open Dental rejected GET /recalltypes (400). Open Dental said: "Bad request; header was ODFHIR [redacted]/[redacted]"');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const printed = [...errors.flatMap((e) => [e.message, String(e), e.stack ?? '', JSON.stringify(e), inspect(e, { depth: 5 })]), ...lines].join('\n');
    expect(printed).not.toContain(keys.developerKey);
    expect(printed).not.toContain(keys.customerKey);
  });

  it('a key that would break the header is refused without being repeated', () => {
    expect(() => new OpenDentalClient({ mode: 'remote', developerKey: 'abc/def', customerKey: keys.customerKey }))
      .toThrow('The Open Dental developer key contains a space or "/" (it is 7 characters long); paste the key alone, without "ODFHIR" or the other key');
    expect(() => new OpenDentalClient({ mode: 'remote', developerKey: keys.developerKey, customerKey: '  ' }))
      .toThrow('The Open Dental customer key is empty; paste the key from the Open Dental Developer Portal');
  });
});

describe('connection modes', () => {
  it('gives each mode its documented base URL and page size; Service mode needs the server URL', () => {
    expect(resolveConnection('remote')).toEqual({ mode: 'remote', baseUrl: 'https://api.opendental.com/api/v1', pageSize: 100 });
    expect(resolveConnection('local')).toEqual({ mode: 'local', baseUrl: 'http://localhost:30222/api/v1', pageSize: 1000 });
    expect(resolveConnection('service', 'http://192.168.1.20:30223/api/v1/')).toEqual({ mode: 'service', baseUrl: 'http://192.168.1.20:30223/api/v1', pageSize: 1000 });
    expect(() => resolveConnection('service')).toThrow('Open Dental API Service mode needs the URL of the server that runs the service, e.g. http://192.168.1.20:30223/api/v1');
    expect(() => resolveConnection('service', 'ftp://server/api')).toThrow('Open Dental URL "ftp://server/api" must start with http:// or https://');
    expect(() => resolveConnection('cloud' as 'remote')).toThrow('Open Dental mode "cloud" is not one of service, remote, local');
  });
});
