/**
 * Delivery states only move forward: providers report out of order (a "delivered" before its "sent"),
 * and a late "sent" must not undo a "delivered". A failure or bounce ends the line; a later success
 * report for the same message is kept as the furthest state only if it is further along.
 */

/** Delivery states of a message handed to a provider, in the order they move. */
export const deliveryStates = ['queued', 'sent', 'delivered', 'failed', 'bounced'] as const;
export type DeliveryState = (typeof deliveryStates)[number];

const rank: Record<DeliveryState, number> = { queued: 0, sent: 1, delivered: 2, failed: 3, bounced: 3 };

/** The state to keep after a report: the reported one when it is further along, else the current one. */
export function advanceDelivery(current: DeliveryState | null, reported: DeliveryState): DeliveryState {
  if (current === null) return reported;
  return rank[reported] > rank[current] ? reported : current;
}
