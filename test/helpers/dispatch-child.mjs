/**
 * A dispatcher in its own process, for the crash and two-server tests (test/e2e/dispatch-crash.test.ts).
 * Plain ESM over the built code (dist/, `npm run build` first), because tsconfig.build.json leaves
 * test/ out. One JSON argument:
 *   { databaseUrl, at, workerId, standIn: { baseUrl, accountSid, authToken, fromNumber }, publicBaseUrl,
 *     leaseSeconds?, batchSize?, parallelHandOffs?, crashAt?: { step, nth }, untilIdle?, waitForGo? }
 * crashAt: SIGKILL itself at that step of the nth entry it handles (1-based), as `kill -9` would.
 * untilIdle: pass after pass (same clock) until one takes nothing. waitForGo: start on a line on stdin,
 * so two children begin together. Prints each pass's summary as one JSON line on stdout.
 */
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const options = JSON.parse(process.argv[2] ?? '{}');
const dist = join(import.meta.dirname, '../../dist/src');
const load = (path) => import(pathToFileURL(join(dist, path)).href);

const { openStore } = await load('db/open-store.js');
const { fixedClock } = await load('clock.js');
const { createLog } = await load('log.js');
const { createTwilioSms } = await load('channels/sms/twilio.js');
const { createSandbox } = await load('channels/sandbox.js');
const { messageProviders } = await load('channels/providers.js');
const { pdfLetterPrinter } = await load('channels/letter/letter-printer.js');
const { defaultMessagingSettings } = await load('use-cases/messaging/messaging-deps.js');
const { dispatchDueTouches } = await load('use-cases/messaging/dispatch-due-touches.js');

const store = await openStore({ kind: 'postgres', url: options.databaseUrl }, { command: 'test', migrate: false });
const clock = fixedClock(options.at);
const twilio = createTwilioSms({
  accountSid: options.standIn.accountSid, authToken: options.standIn.authToken, fromNumber: options.standIn.fromNumber,
  apiBaseUrl: options.standIn.baseUrl, timeoutMs: 30_000, clock,
});
const sandbox = (channel) => createSandbox(channel, { store, seed: 'test' });
const handled = new Set();
const deps = {
  store, clock, log: createLog('silent'), workerId: options.workerId, printer: pdfLetterPrinter,
  providers: messageProviders({ sms: twilio }, { sms: sandbox('sms'), email: sandbox('email') }),
  messaging: {
    // One hand-off at a time by default, so "the nth text" names one entry at one step when the process dies.
    ...defaultMessagingSettings, publicBaseUrl: options.publicBaseUrl, parallelHandOffs: options.parallelHandOffs ?? 1,
    ...(options.leaseSeconds ? { leaseSeconds: options.leaseSeconds } : {}),
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
  },
  onStep(step, outboxId) {
    handled.add(outboxId);
    process.stdout.write(`${JSON.stringify({ step, outboxId })}\n`);
    if (options.crashAt && step === options.crashAt.step && handled.size === options.crashAt.nth) process.kill(process.pid, 'SIGKILL');
  },
};

if (options.waitForGo) {
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  const lines = createInterface({ input: process.stdin });
  await new Promise((resolve) => lines.once('line', resolve));
  lines.close();
}
for (;;) {
  const summary = await dispatchDueTouches(deps);
  process.stdout.write(`${JSON.stringify({ summary })}\n`);
  if (!options.untilIdle || summary.claimed === 0) break;
}
await store.close();
