/**
 * Twilio's message statuses (the REST enum `message_enum_status`, also sent as `MessageStatus` in
 * status callbacks) translated into our delivery states.
 */
import type { DeliveryState } from '../channel.js';

/**
 * The state a message resource is in, as answered by create or list. Every status maps somewhere,
 * because the answer describes a message that exists: statuses before the carrier has it are
 * 'queued'; an unknown (newer) status is treated as 'queued' too, the state that claims least.
 */
export function deliveryStateOfResource(status: string | null | undefined): DeliveryState {
  return deliveryStateOfCallback(status ?? '') ?? 'queued';
}

/**
 * The state a status callback moves an attempt to, or null when the callback carries nothing we track:
 *   - sent → sent; delivered → delivered; undelivered, failed → failed;
 *   - read → delivered (a read receipt implies delivery; WhatsApp/RCS only);
 *   - partially_delivered → sent (the carrier has it, but the handset did not confirm all of it);
 *   - canceled → failed (a scheduled message that will never go: staff should see it);
 *   - queued, accepted, scheduled, sending → null: nothing beyond the 'queued' an attempt starts in;
 *   - receiving, received (inbound only) and any status Twilio adds later → null, so a new value
 *     never makes the webhook fail.
 */
export function deliveryStateOfCallback(status: string): DeliveryState | null {
  switch (status) {
    case 'sent':
    case 'partially_delivered':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'failed':
    case 'undelivered':
    case 'canceled':
      return 'failed';
    default:
      return null;
  }
}

/** Error codes that mean the number itself is bad (invalid, not mobile, unknown, landline or unreachable carrier). */
export const addressInvalidErrorCodes: ReadonlySet<string> = new Set(['21211', '21614', '30005', '30006']);

/** The recipient replied STOP to this sender: Twilio refuses until they reply START. */
export const optedOutErrorCode = '21610';
