/**
 * Placing one call in its own process, for the call-create crash test (test/e2e/call-create-crash.test.ts).
 * Plain ESM over the built code (dist/, `npm run build` first), like dispatch-child.mjs. One JSON argument:
 *   { databaseUrl, at, caseId, userId, publicBaseUrl, standIn: { baseUrl, accountSid, authToken }, crashAt?: step }
 * crashAt: SIGKILL itself at that step of placing the call ('call-recorded': the row is written, Twilio not yet
 * asked; 'provider-answered': Twilio created the call, its answer not yet stored), as `kill -9` would.
 * Prints each step, then the placed call, as JSON lines on stdout.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const options = JSON.parse(process.argv[2] ?? '{}');
const dist = join(import.meta.dirname, '../../dist/src');
const load = (path) => import(pathToFileURL(join(dist, path)).href);

const { openStore } = await load('db/open-store.js');
const { fixedClock } = await load('clock.js');
const { createLog } = await load('log.js');
const { createTwilioVoice } = await load('channels/voice/twilio-voice.js');
const { defaultVoiceSettings } = await load('use-cases/voice/voice-deps.js');
const { placeCall } = await load('use-cases/voice/place-call.js');

const store = await openStore({ kind: 'postgres', url: options.databaseUrl }, { command: 'test', migrate: false });
const clock = fixedClock(options.at);
const deps = {
  store, clock, log: createLog('silent'),
  voice: {
    provider: createTwilioVoice({ accountSid: options.standIn.accountSid, authToken: options.standIn.authToken, apiBaseUrl: options.standIn.baseUrl, clock }),
    settings: { ...defaultVoiceSettings, publicBaseUrl: options.publicBaseUrl },
    onStep(step, callId) {
      process.stdout.write(`${JSON.stringify({ step, callId })}\n`);
      if (step === options.crashAt) process.kill(process.pid, 'SIGKILL');
    },
  },
};
const placed = await placeCall(deps, { caseId: options.caseId, userId: options.userId });
process.stdout.write(`${JSON.stringify({ placed })}\n`);
await store.close();
