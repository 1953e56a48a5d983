/**
 * What a failed Twilio message create means for the dispatcher: transient (retry later), permanent
 * (staff see it) or opted out, and whether the message may exist at Twilio anyway (ambiguous:
 * reconcile before any resend, because Twilio's create is not idempotent).
 *
 * Twilio's own error messages often quote the recipient's number, so they are never passed on: the
 * messages here are built from the status, the error code and a short description of our own.
 */
import type { SendFailure } from '../channel.js';
import { addressInvalidErrorCodes, optedOutErrorCode } from './twilio-status.js';

export interface ClassifiedFailure {
  failure: SendFailure;
  ambiguous: boolean;
}

const rateLimitedErrorCode = '20429';

/** Known refusals, described without the recipient (Twilio's error dictionary, twilio.com/docs/errors/{code}). */
const describedErrorCodes: Readonly<Record<string, string>> = {
  '20003': 'Twilio did not accept the account SID and auth token (check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)',
  '20404': 'the Twilio resource was not found (check TWILIO_ACCOUNT_SID and TWILIO_API_BASE_URL)',
  '21211': "the 'To' number is not a valid phone number",
  '21408': 'this account may not send texts to the recipient\'s region',
  '21606': "the 'From' number cannot send texts for this account",
  '21610': 'the recipient replied STOP to this sender; no text can go to them until they reply START',
  '21614': "the 'To' number is not a mobile number that can receive texts",
  '21617': 'the text is longer than the 1600 characters Twilio accepts',
};

/** An HTTP answer other than 2xx to a message create. */
export function classifyTwilioErrorAnswer(httpStatus: number, body: unknown, retryAfterHeader: string | null, now: Date): ClassifiedFailure {
  const twilioCode = twilioErrorCode(body);
  const described = twilioCode ? describedErrorCodes[twilioCode] : undefined;
  const what = `Twilio answered HTTP ${httpStatus}${twilioCode ? ` with error ${twilioCode}` : ''}`;
  const retryAfterSeconds = parseRetryAfter(retryAfterHeader, now);

  // Twilio never processes a rate-limited request, so trying again cannot send twice.
  if (httpStatus === 429 || twilioCode === rateLimitedErrorCode) {
    return {
      failure: {
        class: 'transient',
        code: rateLimitedErrorCode,
        message: `${what}: too many requests${retryAfterSeconds !== undefined ? `; retry after ${retryAfterSeconds} s` : ''}`,
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      },
      ambiguous: false,
    };
  }
  if (httpStatus >= 500) {
    return {
      failure: {
        class: 'transient',
        code: `http_${httpStatus}`,
        message: `${what}: the message may have been created anyway, so reconcile before sending it again`,
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      },
      ambiguous: true,
    };
  }
  const code = twilioCode ?? `http_${httpStatus}`;
  if (twilioCode === optedOutErrorCode) {
    return { failure: { class: 'opted_out', code, message: `${what}: ${described}` }, ambiguous: false };
  }
  const addressInvalid = twilioCode !== null && addressInvalidErrorCodes.has(twilioCode);
  const detail = described ?? (twilioCode ? `see https://www.twilio.com/docs/errors/${twilioCode}` : 'the request was refused');
  return {
    failure: { class: 'permanent', code, message: `${what}: ${detail}`, ...(addressInvalid ? { addressInvalid: true } : {}) },
    ambiguous: false,
  };
}

/** A 2xx answer we cannot read: Twilio created the message, but we do not know its sid. */
export function unreadableSuccessAnswer(httpStatus: number): ClassifiedFailure {
  return {
    failure: {
      class: 'transient',
      code: 'bad_response',
      message: `Twilio answered HTTP ${httpStatus} without a readable message sid: the message was probably created, so reconcile before sending it again`,
    },
    ambiguous: true,
  };
}

/** Connection-level failures after which the request cannot have reached Twilio. */
const notReachedCodes = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * A fetch that threw: a timeout, a connection that never opened, or one that broke mid-way. Only a
 * failure to connect proves nothing reached Twilio; everything else may have created the message.
 */
export function classifyNetworkFailure(error: unknown, context: { apiHost: string; timeoutMs: number }): ClassifiedFailure {
  if (isTimeout(error)) {
    return {
      failure: {
        class: 'transient',
        code: 'timeout',
        message: `Twilio did not answer within ${context.timeoutMs} ms: the message may have been created, so reconcile before sending it again`,
      },
      ambiguous: true,
    };
  }
  const codes = errorCodes(error);
  const notReached = codes.find((c) => notReachedCodes.has(c));
  if (notReached) {
    return {
      failure: {
        class: 'transient',
        code: notReached === 'ECONNREFUSED' ? 'connection_refused' : notReached.toLowerCase(),
        message: `Twilio could not be reached at ${context.apiHost} (${notReached}): nothing was sent`,
      },
      ambiguous: false,
    };
  }
  const shown = codes[0] ?? 'unknown network error';
  return {
    failure: {
      class: 'transient',
      code: 'connection_reset',
      message: `The connection to Twilio at ${context.apiHost} broke after the request was sent (${shown}): the message may have been created, so reconcile before sending it again`,
    },
    ambiguous: true,
  };
}

export function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || (error.name === 'AbortError' && String(error.message).includes('timeout')));
}

/** Error codes on an error and its causes (fetch wraps socket errors as `cause`; happy eyeballs as an AggregateError). */
function errorCodes(error: unknown, depth = 0): string[] {
  if (depth > 4 || typeof error !== 'object' || error === null) return [];
  const own = (error as { code?: unknown }).code;
  const codes = typeof own === 'string' ? [own] : [];
  const nested = (error as { errors?: unknown }).errors;
  const fromNested = Array.isArray(nested) ? nested.flatMap((e) => errorCodes(e, depth + 1)) : [];
  return [...codes, ...errorCodes((error as { cause?: unknown }).cause, depth + 1), ...fromNested];
}

function twilioErrorCode(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const code = (body as { code?: unknown }).code;
  if (typeof code === 'number' && Number.isInteger(code)) return String(code);
  if (typeof code === 'string' && /^\d+$/.test(code)) return code;
  return null;
}

/** Retry-After is whole seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored. */
export function parseRetryAfter(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
