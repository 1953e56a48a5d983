/**
 * Composition root: the only place that constructs adapters (store, clock, logger) with plain `new`.
 * Everything else receives them as arguments.
 */
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { isLockHolderAlive, readLockHolder } from './db/data-dir-lock.js';
import { openStore, type Store } from './db/open-store.js';
import { createLog, type Log } from './log.js';
import type { FastifyInstance } from 'fastify';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { MessageChannel, MessageProvider } from './channels/channel.js';
import { messageProviders, type MessageProviders } from './channels/providers.js';
import { createSandbox, defaultSandboxSeed } from './channels/sandbox.js';
import { createSmtpEmail } from './channels/email/smtp.js';
import { createTwilioSms } from './channels/sms/twilio.js';
import { pdfLetterPrinter, type LetterPrinter } from './channels/letter/letter-printer.js';
import { createSmtpReportMailer } from './channels/email/report-mailer.js';
import { pdfWeeklyReportPrinter } from './channels/report/weekly-report-pdf.js';
import type { ReportMailer, WeeklyReportPrinter } from './use-cases/reports/weekly-report-ports.js';
import { defaultMessagingSettings, type MessagingSettings } from './use-cases/messaging/messaging-deps.js';
import { createSecretBox } from './connectors/secret-box.js';
import { openDentalProbeFactory } from './connectors/open-dental/connection-probe.js';
import type { OpenDentalProbeFactory } from './use-cases/practice-system/open-dental-probe.js';
import type { SecretSealer } from './use-cases/practice-system/secret-sealer.js';
import { createTwilioVoice } from './channels/voice/twilio-voice.js';
import { defaultVoiceSettings, type VoiceDeps } from './use-cases/voice/voice-deps.js';

export interface App {
  config: Config;
  store: Store;
  clock: Clock;
  log: Log;
  /** The providers behind each channel (the sandbox where none is configured, and in demo mode). */
  providers: MessageProviders;
  printer: LetterPrinter;
  /** The weekly report's PDF, and the mail it goes to managers by (null without SMTP_URL and EMAIL_FROM: downloadable only). */
  reportPrinter: WeeklyReportPrinter;
  reportMailer: ReportMailer | null;
  messaging: MessagingSettings;
  /** Names this process in the outbox leases it takes. */
  workerId: string;
  /** Seals practice-system keys at rest (null without RECARE_SECRET_KEY: connectors cannot be set up). */
  secrets: SecretSealer | null;
  /** Reaches the practice's Open Dental for "Test connection". */
  openDental: OpenDentalProbeFactory;
  /** Calls: the Twilio voice provider when the account and PUBLIC_BASE_URL are configured, else none (tel: links). */
  voice: VoiceDeps['voice'];
  close(): Promise<void>;
}

/** Calls need the Twilio account and the public address its webhooks are signed with. Demo mode places none (place-call.ts). */
function buildVoice(config: Config, clock: Clock): VoiceDeps['voice'] {
  const { twilio, publicBaseUrl } = config.messaging;
  return {
    provider: twilio && publicBaseUrl ? createTwilioVoice({ accountSid: twilio.accountSid, authToken: twilio.authToken, apiBaseUrl: twilio.apiBaseUrl, clock }) : null,
    settings: { ...defaultVoiceSettings, publicBaseUrl, defaultCallerId: config.voice.defaultCallerId, forwardTo: config.voice.forwardTo, recording: config.voice.recording },
  };
}


function buildProviders(config: Config, store: Store, clock: Clock): MessageProviders {
  const configured: Partial<Record<MessageChannel, MessageProvider>> = {};
  const { smtp, sendgridEventPublicKey } = config.messaging;
  const { twilio } = config.messaging;
  if (twilio) configured.sms = createTwilioSms({ ...twilio, clock });
  if (smtp) configured.email = createSmtpEmail({ smtpUrl: smtp.url, fromAddress: smtp.from, events: sendgridEventPublicKey ? { publicKey: sendgridEventPublicKey } : null, clock });
  const sandbox = (channel: MessageChannel) => createSandbox(channel, { store, seed: defaultSandboxSeed });
  return messageProviders(configured, { sms: sandbox('sms'), email: sandbox('email') });
}

/** Messaging for a server built without a configuration (tests of other routes): every channel through the sandbox. */
export function sandboxMessaging(store: Store): Pick<App, 'providers' | 'printer' | 'reportPrinter' | 'reportMailer' | 'messaging' | 'workerId'> {
  const sandbox = (channel: MessageChannel) => createSandbox(channel, { store, seed: defaultSandboxSeed });
  return {
    providers: messageProviders({}, { sms: sandbox('sms'), email: sandbox('email') }), printer: pdfLetterPrinter, reportPrinter: pdfWeeklyReportPrinter, reportMailer: null,
    messaging: defaultMessagingSettings, workerId: `server:${process.pid}`,
  };
}

function messagingSettings(config: Config): MessagingSettings {
  return {
    ...defaultMessagingSettings,
    publicBaseUrl: config.messaging.publicBaseUrl,
    smsPerMinute: config.messaging.smsPerMinute,
    stopConfirmation: config.messaging.stopConfirmation,
    portalUrl: config.messaging.portalUrl,
  };
}

export interface OpenAppOptions {
  /** The CLI command opening the app; named in the data-directory lock for other processes to see. */
  command: string;
  clock?: Clock;
  log?: Log;
}

export async function openApp(config: Config, options: OpenAppOptions): Promise<App> {
  const log = options.log ?? createLog(config.logLevel);
  const store = await openStore(config.database, { command: options.command });
  const clock = options.clock ?? systemClock;
  return {
    config,
    store,
    clock,
    log,
    providers: buildProviders(config, store, clock),
    printer: pdfLetterPrinter,
    reportPrinter: pdfWeeklyReportPrinter,
    reportMailer: config.messaging.smtp ? createSmtpReportMailer({ smtpUrl: config.messaging.smtp.url, fromAddress: config.messaging.smtp.from, clock }) : null,
    messaging: messagingSettings(config),
    workerId: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    secrets: config.secretKey ? createSecretBox(config.secretKey) : null,
    openDental: openDentalProbeFactory({ log }),
    voice: buildVoice(config, clock),
    close: () => store.close(),
  };
}

/** `recare migrate`: opens the database without migrating, then migrates and reports what was applied. */
export async function migrateDatabase(config: Config): Promise<{ applied: string[]; version: string }> {
  const store = await openStore(config.database, { command: 'migrate', migrate: false });
  const { migrateToLatest } = await import('./db/migrate.js');
  try {
    return await migrateToLatest(store.db);
  } finally {
    await store.close();
  }
}

/** A live `recare serve` holding this embedded data directory (it advertises its URL in the lock). */
export function findRunningServer(config: Config): { pid: number; url: string } | undefined {
  if (config.database.kind !== 'pglite') return undefined;
  const holder = readLockHolder(config.database.dataDir);
  if (!holder?.url || holder.pid === process.pid || !isLockHolderAlive(holder)) return undefined;
  return { pid: holder.pid, url: holder.url };
}

/** The HTTP server for an open app (the CLI's `serve` starts it; tests build it the same way). */
export async function createHttpServer(app: App): Promise<FastifyInstance> {
  // Loaded on demand so CLI commands that never serve HTTP start faster.
  const { buildServer } = await import('./http/build-server.js');
  return buildServer(app, { trustProxy: app.config.http.trustProxy });
}
