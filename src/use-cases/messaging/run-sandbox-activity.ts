/**
 * The sandbox's simulated deliveries and replies whose time has come, fed through the same use cases
 * a provider's webhooks reach: delivery reports move attempts forward, replies land on cases.
 */
import { handleInboundMessage } from './handle-inbound-message.js';
import type { MessagingDeps } from './messaging-deps.js';
import { recordDeliveryEvents } from './record-delivery-events.js';

export async function runSandboxActivity(deps: MessagingDeps): Promise<{ deliveries: number; replies: number }> {
  let deliveries = 0;
  let replies = 0;
  for (const sandbox of deps.providers.sandboxes) {
    const due = await sandbox.takeDue(deps.clock.now());
    deliveries += (await recordDeliveryEvents(deps, sandbox.name, due.deliveries)).applied;
    for (const reply of due.replies) {
      await handleInboundMessage(deps, sandbox.name, reply);
      replies++;
    }
  }
  return { deliveries, replies };
}
