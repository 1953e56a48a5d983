import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { AppError } from '../../src/domain/errors.js';

describe('configuration', () => {
  it('defaults to the embedded database in ./data on loopback port 3000', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'pglite', dataDir: `${process.cwd()}/data` });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000, trustProxy: false });
  });

  it('uses PostgreSQL when DATABASE_URL is set, and flags win over the environment', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db.local:5433/recare' }).database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db.local:5433/recare' });
    expect(loadConfig({ DATABASE_URL: 'postgresql:///recare?host=/var/run/postgresql' }).database.kind).toBe('postgres');
    expect(loadConfig({ PORT: '4000', RECARE_DATA_DIR: '/tmp/a' }, { port: 5000, dataDir: '/tmp/b' })).toMatchObject({ http: { port: 5000 }, database: { dataDir: '/tmp/b' } });
  });

  it('reports every problem at once, with the value given and what is allowed, without echoing a password', () => {
    let error: AppError | undefined;
    try {
      loadConfig({ DATABASE_URL: 'mysql://admin:hunter2@db/x', PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.code).toBe('invalid_config');
    expect(error?.issues?.map((i) => i.path).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    expect(error?.message).toContain('must be a URL like postgres://user:password@host:5432/database');
    expect(error?.message).toContain('PORT="eighty": must be a whole number from 1 to 65535');
    expect(error?.message).toContain('LOG_LEVEL="loud": must be one of debug, info, warn, error, silent');
    expect(error?.message).not.toContain('hunter2');
    expect(error?.message).toContain('admin:***@');
  });

  it('re-plans every 5 minutes by default; RECARE_PLAN_EVERY_MINUTES or --plan-every changes it, 0 turns it off, anything else is refused', () => {
    expect(loadConfig({}).planning).toEqual({ everyMinutes: 5 });
    expect(loadConfig({ RECARE_PLAN_EVERY_MINUTES: '15' }).planning).toEqual({ everyMinutes: 15 });
    expect(loadConfig({ RECARE_PLAN_EVERY_MINUTES: '15' }, { planEveryMinutes: '0' }).planning).toEqual({ everyMinutes: 0 });
    expect(() => loadConfig({ RECARE_PLAN_EVERY_MINUTES: '2.5' })).toThrow(/RECARE_PLAN_EVERY_MINUTES="2.5": must be a whole number of minutes from 0 \(off\) to 1440/);
    expect(() => loadConfig({}, { planEveryMinutes: '2000' })).toThrow(/RECARE_PLAN_EVERY_MINUTES="2000": must be 0 \(off\) to 1440 minutes/);
  });

  it('trusts no proxy by default; TRUST_PROXY names hops, addresses or CIDRs, and anything else is refused', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16' }).http.trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16']);
    const error = (() => { try { loadConfig({ TRUST_PROXY: 'nginx' }); } catch (e) { return e as { code: string; message: string }; } return null; })();
    expect(error?.code).toBe('invalid_config');
    expect(error?.message).toContain('TRUST_PROXY="nginx": must be true, false, a number of proxy hops (1), or the proxies\' addresses or CIDRs, comma-separated (10.0.0.5, 10.1.0.0/16)');
  });

  it('rejects a port outside 1–65535', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000": must be 1–65535/);
  });

  it('turns on a provider when all its variables are given, and uses the sandbox otherwise', () => {
    expect(loadConfig({}).messaging).toMatchObject({ twilio: null, smtp: null, publicBaseUrl: null, dispatchEverySeconds: 10, smsPerMinute: 60 });
    const config = loadConfig({
      TWILIO_ACCOUNT_SID: `AC${'0f'.repeat(16)}`, TWILIO_AUTH_TOKEN: 'x'.repeat(32), TWILIO_FROM_NUMBER: '+18135550100', PUBLIC_BASE_URL: 'https://recare.example.org/',
      SMTP_URL: 'smtp://mailer:s3cret@mail.example.org:587', EMAIL_FROM: 'recall@example.org',
    });
    expect(config.messaging.twilio).toEqual({ accountSid: `AC${'0f'.repeat(16)}`, authToken: 'x'.repeat(32), messagingServiceSid: null, fromNumber: '+18135550100', apiBaseUrl: 'https://api.twilio.com' });
    expect(config.messaging.smtp).toEqual({ url: 'smtp://mailer:s3cret@mail.example.org:587', from: 'recall@example.org' });
    expect(config.messaging.publicBaseUrl).toBe('https://recare.example.org');
  });

  it('refuses half a provider, both senders, or a provider without PUBLIC_BASE_URL, and never echoes a secret', () => {
    let error: AppError | undefined;
    try {
      loadConfig({ TWILIO_AUTH_TOKEN: 'tok-SECRET-0123456789', TWILIO_FROM_NUMBER: '+18135550100', TWILIO_MESSAGING_SERVICE_SID: `MG${'ab'.repeat(16)}`, SMTP_URL: 'smtp://u:pw-SECRET@mail.example.org' });
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.code).toBe('invalid_config');
    expect(error?.issues?.map((i) => i.path).sort()).toEqual(['EMAIL_FROM', 'PUBLIC_BASE_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_MESSAGING_SERVICE_SID']);
    expect(error?.message).toContain('TWILIO_MESSAGING_SERVICE_SID: give exactly one of TWILIO_MESSAGING_SERVICE_SID and TWILIO_FROM_NUMBER (the sender)');
    expect(error?.message).toContain('PUBLIC_BASE_URL: is missing; Twilio reports delivery and replies to this address, and signs its requests with it');
    expect(error?.message).not.toContain('SECRET');
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 'short' })).toThrow(/TWILIO_AUTH_TOKEN="\(hidden\)": must be the account's Auth Token/);
    expect(() => loadConfig({ RECARE_SMS_PER_MINUTE: '0' })).toThrow(/RECARE_SMS_PER_MINUTE="0": must be 1 to 6000/);
  });
});
