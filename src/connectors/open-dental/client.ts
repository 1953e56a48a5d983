/**
 * The Open Dental REST API client: one office, one developer/customer key pair. It pages every list
 * until a short page, retries 429, 5xx and network failures with backoff (honouring Retry-After),
 * and turns every failure into an OpenDentalError that says what to do. Keys travel only in the
 * Authorization header: never in a URL, a message or a log line.
 */
import type { Clock } from '../../clock.js';
import { systemClock } from '../../clock.js';
import { AppError } from '../../domain/errors.js';
import { cryptoRandom, type Random } from '../../random.js';
import type {
  ConfirmVal, OdAppointment, OdAppointmentCreate, OdCommlog, OdCommlogCreate, OdPatient, OdProcedureLog, OdRecall, OdRecallType, OdTreatPlan,
} from './api-types.js';
import { resolveConnection, type OpenDentalEndpoint, type OpenDentalMode } from './connection-mode.js';
import { OpenDentalError, scrub, type OpenDentalFailure } from './open-dental-error.js';
import { backoffDelayMs, defaultRetryPolicy, retryAfterMs, type RetryPolicy } from './retry-policy.js';

export interface OpenDentalClientOptions {
  mode: OpenDentalMode;
  /** Overrides the mode's usual base URL; required in Service mode. */
  url?: string | null;
  developerKey: string;
  customerKey: string;
  retry?: Partial<RetryPolicy>;
  /** Gives up on one request after this long without an answer (default 60 s); counts as a network failure. */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
  /** Waits between retries; tests pass one that records and returns at once. */
  sleep?: (ms: number) => Promise<void>;
  random?: Random;
  /** Reads Retry-After dates. */
  clock?: Clock;
  /** Retries are logged as warnings, with the method, path (no query), status and wait only. */
  log?: { warn(fields: Record<string, unknown>, message: string): void };
}

/** One page of a list, where it started, and the server time Open Dental stamped on it (when the endpoint gives one). */
export interface OpenDentalPage<T> {
  rows: T[];
  offset: number;
  serverDateTime: string | null;
}

type Query = Readonly<Record<string, string | number | undefined>>;

const defaultTimeoutMs = 60_000;
/** The Remote API's hard limit: a Service-mode page of exactly this size may have been clamped, so one more page is asked for. */
const remoteHardLimit = 100;

export class OpenDentalClient {
  readonly connection: OpenDentalEndpoint;
  private readonly authorization: string;
  private readonly secrets: readonly string[];
  private readonly policy: RetryPolicy;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: Random;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly log: OpenDentalClientOptions['log'];

  constructor(options: OpenDentalClientOptions) {
    this.connection = resolveConnection(options.mode, options.url);
    checkKey('developer key', options.developerKey);
    checkKey('customer key', options.customerKey);
    this.authorization = `ODFHIR ${options.developerKey}/${options.customerKey}`;
    this.secrets = [options.developerKey, options.customerKey];
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? cryptoRandom;
    this.clock = options.clock ?? systemClock;
    this.timeoutMs = options.requestTimeoutMs ?? defaultTimeoutMs;
    this.log = options.log;
  }

  /** GET /patients/Simple: every field Recare needs, and DateTStamp for incremental reads. */
  patients(query: { DateTStamp?: string } = {}): AsyncGenerator<OpenDentalPage<OdPatient>> {
    return this.pages<OdPatient>('/patients/Simple', query);
  }

  appointments(query: { DateTStamp?: string; PatNum?: number; AptStatus?: OdAppointment['AptStatus'] } = {}): AsyncGenerator<OpenDentalPage<OdAppointment>> {
    return this.pages<OdAppointment>('/appointments', query);
  }

  procedureLogs(query: { DateTStamp?: string; PatNum?: number; ProcStatus?: OdProcedureLog['ProcStatus'] } = {}): AsyncGenerator<OpenDentalPage<OdProcedureLog>> {
    return this.pages<OdProcedureLog>('/procedurelogs', query);
  }

  /** GET /recalls has no DateTStamp filter: a sync reads it whole (one row per patient and recall type). */
  recalls(query: { PatNum?: number } = {}): AsyncGenerator<OpenDentalPage<OdRecall>> {
    return this.pages<OdRecall>('/recalls', query);
  }

  /** Treatment plans change by SecDateTEdit. */
  treatPlans(query: { SecDateTEdit?: string; PatNum?: number; TPStatus?: OdTreatPlan['TPStatus'] } = {}): AsyncGenerator<OpenDentalPage<OdTreatPlan>> {
    return this.pages<OdTreatPlan>('/treatplans', query);
  }

  commlogs(query: { DateTStamp?: string; PatNum?: number } = {}): AsyncGenerator<OpenDentalPage<OdCommlog>> {
    return this.pages<OdCommlog>('/commlogs', query);
  }

  async recallTypes(): Promise<OdRecallType[]> {
    return expectArray<OdRecallType>(await this.request('GET', '/recalltypes'), 'GET', '/recalltypes');
  }

  async patient(patNum: number): Promise<OdPatient> {
    return expectObject<OdPatient>(await this.request('GET', `/patients/${patNum}`), 'GET', '/patients/{PatNum}');
  }

  /**
   * The server's wall time now, read from the serverDateTime of one patients/Simple row: the
   * watermark a sync stores before it reads, so rows changed while it reads are read again next time.
   * Null when the office has no patients yet.
   */
  async serverDateTime(): Promise<string | null> {
    const rows = expectArray<OdPatient>(await this.request('GET', '/patients/Simple', { Limit: 1 }), 'GET', '/patients/Simple');
    return typeof rows[0]?.serverDateTime === 'string' ? rows[0].serverDateTime : null;
  }

  /** POST /commlogs → 201 with the comm log Open Dental created. */
  async createCommlog(commlog: OdCommlogCreate): Promise<OdCommlog> {
    return expectObject<OdCommlog>(await this.request('POST', '/commlogs', {}, commlog), 'POST', '/commlogs');
  }

  /** PUT /appointments/{AptNum}/Confirm with a confirmVal. */
  async confirmAppointment(aptNum: number, confirmVal: ConfirmVal): Promise<void> {
    await this.request('PUT', `/appointments/${aptNum}/Confirm`, {}, { confirmVal }, `/appointments/{AptNum}/Confirm`);
  }

  /** POST /appointments → 201 with the appointment. */
  async createAppointment(appointment: OdAppointmentCreate): Promise<OdAppointment> {
    return expectObject<OdAppointment>(await this.request('POST', '/appointments', {}, appointment), 'POST', '/appointments');
  }

  /**
   * Every page of a list, in Open Dental's order, until a page shorter than the page size. Offset
   * moves by the rows received, so a server that clamps Limit lower than asked loses nothing.
   */
  async *pages<T>(path: string, query: Query = {}): AsyncGenerator<OpenDentalPage<T>> {
    const limit = this.connection.pageSize;
    let offset = 0;
    for (;;) {
      const rows = expectArray<T>(await this.request('GET', path, { ...query, Offset: offset, Limit: limit }), 'GET', path);
      const first = rows[0] as { serverDateTime?: unknown } | undefined;
      yield { rows, offset, serverDateTime: typeof first?.serverDateTime === 'string' ? first.serverDateTime : null };
      offset += rows.length;
      const clampedByRemote = rows.length === remoteHardLimit && limit > remoteHardLimit;
      if (rows.length === 0 || (rows.length < limit && !clampedByRemote)) return;
    }
  }

  /** One call with retries; the parsed JSON body (undefined for an empty body). */
  async request(method: string, path: string, query: Query = {}, body?: unknown, pathForMessages = path.replace(/\/\d+(?=\/|$)/g, '/{id}')): Promise<unknown> {
    const url = new URL(`${this.connection.baseUrl}${path}`);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    const where = `${method} ${pathForMessages}`;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetchImpl(url, {
          method,
          headers: { authorization: this.authorization, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        const reason = this.scrubbed(networkReason(error, this.timeoutMs));
        if (attempt >= this.policy.maxAttempts) {
          throw this.failure('network', `Could not reach Open Dental at ${this.connection.baseUrl} for ${where}: ${reason}; gave up after ${attempt} attempts. Check the URL, and that ${this.connection.mode === 'remote' ? "the office's eConnector" : 'the Open Dental API Service'} is running and reachable from Recare.`, null, method, pathForMessages, attempt);
        }
        await this.wait(attempt, null, method, pathForMessages);
        continue;
      }
      const text = await response.text();
      if (response.ok) return parseBody(text, method, pathForMessages, attempt);
      const said = this.scrubbed(explanation(text));
      const status = response.status;
      if (status === 429 || status >= 500) {
        const failure: OpenDentalFailure = status === 429 ? 'rate_limited' : 'server_error';
        const asked = retryAfterMs(response.headers.get('retry-after'), this.clock.now());
        const answer = status === 429 ? '429 Too Many Requests' : `${status}`;
        if (asked !== null && asked > this.policy.maxRetryAfterMs) {
          throw this.failure(failure, `Open Dental answered ${answer} to ${where} and asked to wait ${Math.ceil(asked / 1000)} s, longer than Recare waits (${this.policy.maxRetryAfterMs / 1000} s); the next run will try again.${said}`, status, method, pathForMessages, attempt);
        }
        if (attempt >= this.policy.maxAttempts) {
          const advice = status === 429 ? ' Open Dental limits how fast one key may call; the next run will try again.' : " The office's Open Dental server failed; the next run will try again.";
          throw this.failure(failure, `Open Dental answered ${answer} to ${where} ${attempt} times; gave up after ${attempt} attempts.${advice}${said}`, status, method, pathForMessages, attempt);
        }
        await this.wait(attempt, asked, method, pathForMessages, status);
        continue;
      }
      if (status === 401) {
        throw this.failure('unauthorized', `Open Dental refused the keys (401) for ${where}: check the developer key and the customer key, and that the office enabled the API for this customer key (Open Dental: Setup > Advanced Setup > API).${said}`, status, method, pathForMessages, attempt);
      }
      if (status === 403) {
        throw this.failure('forbidden', `Open Dental refused ${where} (403): the customer key lacks the permission for it; the office can grant it in the Developer Portal.${said}`, status, method, pathForMessages, attempt);
      }
      throw this.failure('rejected', `Open Dental rejected ${where} (${status}).${said}`, status, method, pathForMessages, attempt);
    }
  }

  private async wait(attempt: number, askedMs: number | null, method: string, path: string, status: number | null = null): Promise<void> {
    const delayMs = askedMs ?? backoffDelayMs(attempt, this.policy, this.random);
    this.log?.warn({ event: 'open_dental_retry', method, path, status, attempt, delayMs }, 'Open Dental call failed; retrying');
    await this.sleep(delayMs);
  }

  private failure(failure: OpenDentalFailure, message: string, status: number | null, method: string, path: string, attempts: number): OpenDentalError {
    return new OpenDentalError(failure, this.scrubbed(message), status, method, path, attempts);
  }

  private scrubbed(text: string): string {
    return scrub(text, this.secrets);
  }
}

function checkKey(label: string, key: string): void {
  if (typeof key !== 'string' || key.trim() === '') throw new AppError('invalid_config', `The Open Dental ${label} is empty; paste the key from the Open Dental Developer Portal`);
  // The header is "ODFHIR {developer}/{customer}": a slash or space inside a key would split it wrongly.
  if (/[\s/]/.test(key)) throw new AppError('invalid_config', `The Open Dental ${label} contains a space or "/" (it is ${key.length} characters long); paste the key alone, without "ODFHIR" or the other key`);
}

/** Open Dental explains a failure as a JSON string ("PatNum is required."), or ASP.NET's {"Message": …}. */
function explanation(text: string): string {
  if (text.trim() === '') return '';
  let said = text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'string') said = parsed;
    else if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { Message?: unknown }).Message === 'string') said = (parsed as { Message: string }).Message;
  } catch {
    // not JSON: quote the text as it came
  }
  const short = said.length > 300 ? `${said.slice(0, 300)}…` : said;
  return ` Open Dental said: ${JSON.stringify(short)}`;
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code === 'ECONNREFUSED' ? 'the connection was refused' : cause.code === 'ECONNRESET' || cause.code === 'UND_ERR_SOCKET' ? 'the connection was dropped' : cause.code;
  return error instanceof Error ? error.message : String(error);
}

function parseBody(text: string, method: string, path: string, attempts: number): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new OpenDentalError('invalid_response', `Open Dental answered ${method} ${path} with a body that is not JSON; is the URL the Open Dental API (it ends in /api/v1)?`, 200, method, path, attempts);
  }
}

function expectArray<T>(body: unknown, method: string, path: string): T[] {
  if (Array.isArray(body)) return body as T[];
  throw new OpenDentalError('invalid_response', `Open Dental answered ${method} ${path} with ${describe(body)} where a list was expected; is the URL the Open Dental API (it ends in /api/v1)?`, 200, method, path, 1);
}

function expectObject<T>(body: unknown, method: string, path: string): T {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as T;
  throw new OpenDentalError('invalid_response', `Open Dental answered ${method} ${path} with ${describe(body)} where an object was expected`, 200, method, path, 1);
}

function describe(body: unknown): string {
  return body === undefined ? 'an empty body' : Array.isArray(body) ? 'a list' : typeof body === 'object' ? 'an object' : `a ${typeof body}`;
}
