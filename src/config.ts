/**
 * The one place that reads process.env. Everything is parsed once at startup with one schema and
 * every problem is reported together; the typed Config is passed down from there.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError, type ErrorIssue } from './domain/errors.js';

export interface Config {
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };
  http: {
    host: string;
    port: number;
    /**
     * Behind a TLS-terminating reverse proxy: which proxies' X-Forwarded-For/-Proto to believe (true:
     * any; a number: that many hops; addresses or CIDRs). Then rate limits see the client's address
     * and cookies are marked Secure. False: none (Recare faces the network itself).
     */
    trustProxy: boolean | number | string[];
  };
  /** While the server runs, the plan is brought up to date every this many minutes (0: never; `recare plan` by hand). */
  planning: { everyMinutes: number };
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  messaging: MessagingConfig;
  /** The 32-byte key practice-system keys are sealed with at rest (RECARE_SECRET_KEY); null: connectors cannot be set up. */
  secretKey: Buffer | null;
  voice: VoiceConfig;
}

/**
 * Calls (issue 18): on with the Twilio account (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN) and PUBLIC_BASE_URL;
 * without them the case screen offers the number as a tel: link.
 */
export interface VoiceConfig {
  /** The caller ID when an office has none of its own (Locations page). */
  defaultCallerId: string | null;
  /** Where patients' calls to the office's number go when the office has no phone of its own. */
  forwardTo: string | null;
  /** Record calls (off by default); an announcement plays first. */
  recording: boolean;
}

/** Providers and dispatch settings (issue 15). A provider's variables turn automated sending on for its channel; without them the sandbox is used. */
export interface MessagingConfig {
  twilio: { accountSid: string; authToken: string; messagingServiceSid: string | null; fromNumber: string | null; apiBaseUrl: string } | null;
  smtp: { url: string; from: string } | null;
  /** SendGrid's Signed Event Webhook public key (base64 DER), for bounces and complaints at /webhooks/email/events. */
  sendgridEventPublicKey: string | null;
  /** The https address providers call back; signatures are computed on it. */
  publicBaseUrl: string | null;
  /** The dispatcher runs every this many seconds while the server runs (0: never; `recare dispatch` by hand). */
  dispatchEverySeconds: number;
  smsPerMinute: number;
  /** The text sent after STOP; empty: none (most providers send their own). */
  stopConfirmation: string | null;
  /** The patients' portal or booking page that templates link to ({{portal_link}}). */
  portalUrl: string | null;
}

/** Values given on the command line win over the environment. */
export interface ConfigOverrides {
  dataDir?: string | undefined;
  port?: string | number | undefined;
  host?: string | undefined;
  planEveryMinutes?: string | number | undefined;
  dispatchEverySeconds?: string | number | undefined;
}

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    const isPostgres = url.protocol === 'postgres:' || url.protocol === 'postgresql:';
    // postgres:///db?host=/var/run/postgresql names a Unix socket and has no hostname.
    return isPostgres && (url.hostname !== '' || url.searchParams.has('host'));
  } catch {
    return false;
  }
}, 'must be a URL like postgres://user:password@host:5432/database');

const schema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  RECARE_DATA_DIR: z.string().min(1, 'must be a directory path').default('./data'),
  PORT: z.coerce.number({ error: 'must be a whole number from 1 to 65535' }).int('must be a whole number from 1 to 65535').min(1, 'must be 1–65535').max(65535, 'must be 1–65535').default(3000),
  // Loopback by default: until accounts and sign-in exist, the API must not face the network.
  HOST: z.string().min(1).default('127.0.0.1'),
  RECARE_PLAN_EVERY_MINUTES: z.coerce.number({ error: 'must be a whole number of minutes from 0 (off) to 1440' }).int('must be a whole number of minutes from 0 (off) to 1440')
    .min(0, 'must be 0 (off) to 1440 minutes').max(1440, 'must be 0 (off) to 1440 minutes').default(5),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be an Account SID: AC followed by 32 hex digits').optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16, 'must be the account\'s Auth Token (32 characters)').optional(),
  TWILIO_MESSAGING_SERVICE_SID: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'must be a Messaging Service SID: MG followed by 32 hex digits').optional(),
  TWILIO_FROM_NUMBER: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +18135550100').optional(),
  TWILIO_API_BASE_URL: z.url({ error: 'must be a URL like https://api.twilio.com' }).default('https://api.twilio.com'),
  PUBLIC_BASE_URL: z.url({ error: 'must be the https address providers reach Recare at, like https://recare.example.com' }).optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\/.+/, 'must be a URL like smtp://user:password@mail.example.com:587').optional(),
  EMAIL_FROM: z.email({ error: 'must be an email address like recall@example.com' }).optional(),
  SENDGRID_EVENT_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9+/=]{40,}$/, 'must be the base64 public key from SendGrid\'s Signed Event Webhook settings').optional(),
  RECARE_DISPATCH_EVERY_SECONDS: z.coerce.number({ error: 'must be a whole number of seconds from 0 (off) to 3600' }).int('must be a whole number of seconds from 0 (off) to 3600')
    .min(0, 'must be 0 (off) to 3600 seconds').max(3600, 'must be 0 (off) to 3600 seconds').default(10),
  RECARE_SMS_PER_MINUTE: z.coerce.number({ error: 'must be a whole number from 1 to 6000' }).int('must be a whole number from 1 to 6000').min(1, 'must be 1 to 6000').max(6000, 'must be 1 to 6000').default(60),
  PATIENT_PORTAL_URL: z.url({ error: 'must be the https address of the patients\' portal or booking page' }).optional(),
  RECARE_STOP_CONFIRMATION: z.string().max(160, 'must fit one text: at most 160 characters').optional(),
  TWILIO_VOICE_FROM: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +18135550100 (a number of the Twilio account)').optional(),
  TWILIO_VOICE_FORWARD_TO: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +18135550199 (the office line)').optional(),
  RECARE_CALL_RECORDING: z.enum(['on', 'off'], { error: 'must be on or off (default off)' }).default('off'),
  TRUST_PROXY: z.string().regex(/^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(,\s*[0-9a-fA-F.:/]+)*)$/, 'must be true, false, a number of proxy hops (1), or the proxies\' addresses or CIDRs, comma-separated (10.0.0.5, 10.1.0.0/16)').optional(),
  RECARE_SECRET_KEY: z.string().regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=?|[A-Za-z0-9_-]{43})$/, 'must be 32 random bytes as base64 (44 characters) or hex (64 characters); generate one with `openssl rand -base64 32`').optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent'], { error: 'must be one of debug, info, warn, error, silent' }).default('info'),
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const input = {
    DATABASE_URL: emptyToUndefined(env.DATABASE_URL),
    RECARE_DATA_DIR: overrides.dataDir ?? emptyToUndefined(env.RECARE_DATA_DIR),
    PORT: overrides.port ?? emptyToUndefined(env.PORT),
    HOST: overrides.host ?? emptyToUndefined(env.HOST),
    RECARE_PLAN_EVERY_MINUTES: overrides.planEveryMinutes ?? emptyToUndefined(env.RECARE_PLAN_EVERY_MINUTES),
    LOG_LEVEL: emptyToUndefined(env.LOG_LEVEL),
    TWILIO_ACCOUNT_SID: emptyToUndefined(env.TWILIO_ACCOUNT_SID),
    TWILIO_AUTH_TOKEN: emptyToUndefined(env.TWILIO_AUTH_TOKEN),
    TWILIO_MESSAGING_SERVICE_SID: emptyToUndefined(env.TWILIO_MESSAGING_SERVICE_SID),
    TWILIO_FROM_NUMBER: emptyToUndefined(env.TWILIO_FROM_NUMBER),
    TWILIO_API_BASE_URL: emptyToUndefined(env.TWILIO_API_BASE_URL),
    PUBLIC_BASE_URL: emptyToUndefined(env.PUBLIC_BASE_URL),
    SMTP_URL: emptyToUndefined(env.SMTP_URL),
    EMAIL_FROM: emptyToUndefined(env.EMAIL_FROM),
    SENDGRID_EVENT_PUBLIC_KEY: emptyToUndefined(env.SENDGRID_EVENT_PUBLIC_KEY),
    RECARE_DISPATCH_EVERY_SECONDS: overrides.dispatchEverySeconds ?? emptyToUndefined(env.RECARE_DISPATCH_EVERY_SECONDS),
    RECARE_SMS_PER_MINUTE: emptyToUndefined(env.RECARE_SMS_PER_MINUTE),
    RECARE_STOP_CONFIRMATION: emptyToUndefined(env.RECARE_STOP_CONFIRMATION),
    PATIENT_PORTAL_URL: emptyToUndefined(env.PATIENT_PORTAL_URL),
    TRUST_PROXY: emptyToUndefined(env.TRUST_PROXY),
    RECARE_SECRET_KEY: emptyToUndefined(env.RECARE_SECRET_KEY),
    TWILIO_VOICE_FROM: emptyToUndefined(env.TWILIO_VOICE_FROM),
    TWILIO_VOICE_FORWARD_TO: emptyToUndefined(env.TWILIO_VOICE_FORWARD_TO),
    RECARE_CALL_RECORDING: emptyToUndefined(env.RECARE_CALL_RECORDING),
  };
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues: ErrorIssue[] = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      const given = input[key as keyof typeof input];
      // Never echo a database URL or a secret back: they may carry a password.
      const shown = key === 'DATABASE_URL' || key === 'SMTP_URL' ? redactUrl(String(given)) : secretKeys.has(key) ? '(hidden)' : given;
      return { path: key, value: shown, message: issue.message };
    });
    const lines = issues.map((i) => `${i.path}=${JSON.stringify(i.value)}: ${i.message}`);
    throw new AppError('invalid_config', `Configuration is not valid:\n  ${lines.join('\n  ')}`, issues);
  }
  const c = parsed.data;
  const problems = messagingProblems(c);
  if (problems.length > 0) {
    throw new AppError('invalid_config', `Configuration is not valid:\n  ${problems.map((i) => `${i.path}: ${i.message}`).join('\n  ')}`, problems);
  }
  return {
    database: c.DATABASE_URL ? { kind: 'postgres', url: c.DATABASE_URL } : { kind: 'pglite', dataDir: resolve(c.RECARE_DATA_DIR) },
    http: { host: c.HOST, port: c.PORT, trustProxy: trustProxyOf(c.TRUST_PROXY) },
    planning: { everyMinutes: c.RECARE_PLAN_EVERY_MINUTES },
    logLevel: c.LOG_LEVEL,
    messaging: {
      twilio: c.TWILIO_ACCOUNT_SID && c.TWILIO_AUTH_TOKEN
        ? { accountSid: c.TWILIO_ACCOUNT_SID, authToken: c.TWILIO_AUTH_TOKEN, messagingServiceSid: c.TWILIO_MESSAGING_SERVICE_SID ?? null, fromNumber: c.TWILIO_FROM_NUMBER ?? null, apiBaseUrl: c.TWILIO_API_BASE_URL.replace(/\/+$/, '') }
        : null,
      smtp: c.SMTP_URL && c.EMAIL_FROM ? { url: c.SMTP_URL, from: c.EMAIL_FROM } : null,
      sendgridEventPublicKey: c.SENDGRID_EVENT_PUBLIC_KEY ?? null,
      publicBaseUrl: c.PUBLIC_BASE_URL?.replace(/\/+$/, '') ?? null,
      dispatchEverySeconds: c.RECARE_DISPATCH_EVERY_SECONDS,
      smsPerMinute: c.RECARE_SMS_PER_MINUTE,
      stopConfirmation: c.RECARE_STOP_CONFIRMATION ?? null,
      portalUrl: c.PATIENT_PORTAL_URL ?? null,
    },
    secretKey: secretKeyOf(c.RECARE_SECRET_KEY),
    voice: { defaultCallerId: c.TWILIO_VOICE_FROM ?? null, forwardTo: c.TWILIO_VOICE_FORWARD_TO ?? null, recording: c.RECARE_CALL_RECORDING === 'on' },
  };
}

function secretKeyOf(value: string | undefined): Buffer | null {
  if (value === undefined) return null;
  return /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
}

const secretKeys = new Set(['TWILIO_AUTH_TOKEN', 'RECARE_SECRET_KEY']);

function trustProxyOf(value: string | undefined): boolean | number | string[] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((part) => part.trim());
}

/** Settings that are only valid together: a provider needs all of its variables, and a real provider needs the public address its webhooks are signed with. */
function messagingProblems(c: z.infer<typeof schema>): ErrorIssue[] {
  const problems: ErrorIssue[] = [];
  const twilioGiven = [c.TWILIO_ACCOUNT_SID, c.TWILIO_AUTH_TOKEN, c.TWILIO_MESSAGING_SERVICE_SID, c.TWILIO_FROM_NUMBER].some(Boolean);
  if (twilioGiven) {
    if (!c.TWILIO_ACCOUNT_SID) problems.push({ path: 'TWILIO_ACCOUNT_SID', message: 'is missing; texts through Twilio need TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM_NUMBER' });
    if (!c.TWILIO_AUTH_TOKEN) problems.push({ path: 'TWILIO_AUTH_TOKEN', message: 'is missing; texts through Twilio need TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM_NUMBER' });
    if (!c.TWILIO_MESSAGING_SERVICE_SID === !c.TWILIO_FROM_NUMBER) problems.push({ path: 'TWILIO_MESSAGING_SERVICE_SID', message: 'give exactly one of TWILIO_MESSAGING_SERVICE_SID and TWILIO_FROM_NUMBER (the sender)' });
    if (!c.PUBLIC_BASE_URL) problems.push({ path: 'PUBLIC_BASE_URL', message: 'is missing; Twilio reports delivery and replies to this address, and signs its requests with it' });
  }
  if (Boolean(c.SMTP_URL) !== Boolean(c.EMAIL_FROM)) problems.push({ path: c.SMTP_URL ? 'EMAIL_FROM' : 'SMTP_URL', message: 'is missing; email needs both SMTP_URL and EMAIL_FROM' });
  if (c.SMTP_URL && !c.PUBLIC_BASE_URL) problems.push({ path: 'PUBLIC_BASE_URL', message: 'is missing; every email carries a one-click unsubscribe link on this address' });
  return problems.filter((p, i) => problems.findIndex((q) => q.path === p.path) === i);
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

export function redactUrl(value: string): string {
  return value.replace(/\/\/([^:@/]+):([^@/]*)@/, '//$1:***@');
}
