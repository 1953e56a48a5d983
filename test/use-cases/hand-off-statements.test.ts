/**
 * What one automated text costs the database, on both backends: the dispatcher's throughput is bound by
 * statements per message (each is a round trip and Node CPU), so the number a hand-off issues is held
 * here. Counted through the query builder (transaction BEGIN/COMMIT not included), between two
 * consecutive hand-offs of one pass, one at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { fixedClock } from '../../src/clock.js';
import type { Store, StoreTransaction } from '../../src/db/open-store.js';
import { dispatchDueTouches } from '../../src/use-cases/messaging/dispatch-due-touches.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { startTwilioStandIn, type TwilioStandIn } from '../helpers/twilio-stand-in.js';
import { messagingDeps, seedTextingClinic, standInProviders, testAccountSid, testAuthToken, testFromNumber, textDueAt } from '../helpers/texting-clinic.js';

/** The store with every statement its users issue counted (inside its transactions too). */
function countingStore(store: Store): { store: Store; count: () => number } {
  let statements = 0;
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      statements++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const counted: Store = Object.create(store, {
    db: { value: store.db.withPlugin(counter) },
    transaction: { value: (body: (tx: StoreTransaction) => Promise<unknown>) => store.transaction((tx) => body({ ...tx, db: tx.db.withPlugin(counter) })) },
  }) as Store;
  return { store: counted, count: () => statements };
}

describe.each(backends)('statements per automated text on %s', (backend) => {
  let t: TestStore;
  let standIn: TwilioStandIn;
  beforeAll(async () => {
    t = await openTestStore(backend);
    await seedTextingClinic(t.store, 2);
    standIn = await startTwilioStandIn({ accountSid: testAccountSid, authToken: testAuthToken, clock: fixedClock(textDueAt), ownedNumbers: [testFromNumber] });
  });
  afterAll(async () => {
    await standIn.close();
    await t.dispose();
  });

  it('a cadence text from claim to recorded answer takes at most 16 statements (26 when each fact was read on its own)', async () => {
    const { store, count } = countingStore(t.store);
    const atClaim: number[] = [];
    const deps = messagingDeps(store, standInProviders(t.store, standIn, textDueAt), textDueAt, { onStep: (step) => { if (step === 'claimed') atClaim.push(count()); } });
    const pass = await dispatchDueTouches(deps);
    expect(pass.results).toMatchObject({ sent: 2 });
    expect(standIn.messages).toHaveLength(2);
    expect(atClaim).toHaveLength(2);
    expect(atClaim[1]! - atClaim[0]!).toBeLessThanOrEqual(16);
  });
});
