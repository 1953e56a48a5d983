/** How a message's progress reads to staff: one badge per message (the outbox state, or the provider's delivery report once there is one), and who sent it. */
import type { DeliveryState, MessageOrigin, OutboxState } from '../api';

type Tone = 'ok' | 'wait' | 'stop' | 'info';

const stateLabels: Record<OutboxState, [string, Tone]> = {
  due: ['Waiting to send', 'wait'],
  claimed: ['Handing off', 'info'],
  sending: ['Sending', 'info'],
  sent: ['Sent', 'ok'],
  failed: ['Failed', 'stop'],
  skipped: ['Skipped', 'wait'],
};

const deliveryLabels: Record<DeliveryState, [string, Tone]> = {
  queued: ['Queued at the provider', 'info'],
  sent: ['Sent', 'info'],
  delivered: ['Delivered', 'ok'],
  failed: ['Not delivered', 'stop'],
  bounced: ['Bounced', 'stop'],
};

/** Skipped and failed say so whatever the provider reported before; otherwise the delivery report is the newer news. */
export function messageStatus(state: OutboxState | null, delivery: DeliveryState | null): { label: string; tone: Tone } | null {
  const [label, tone] = state === 'skipped' || state === 'failed' || !delivery ? (state ? stateLabels[state] : [null, 'info']) : deliveryLabels[delivery];
  return label ? { label, tone } : null;
}

export function StatusBadge({ state, delivery }: { state: OutboxState | null; delivery: DeliveryState | null }) {
  const status = messageStatus(state, delivery);
  return status ? <span className={`badge badge-${status.tone}`} data-state={state ?? undefined} data-delivery={delivery ?? undefined}>{status.label}</span> : null;
}

export function originLabel(origin: MessageOrigin | null, author: string | null): string {
  switch (origin) {
    case 'cadence': return 'Automated';
    case 'staff': return author ? `Sent by ${author}` : 'Sent by staff';
    case 'reply': return 'Automatic reply';
    case 'test': return 'Test message';
    default: return author ?? 'Recare';
  }
}

export const channelLabel = (channel: string) => ({ sms: 'Text', email: 'Email', letter: 'Letter', web: 'Patient page' } as Record<string, string>)[channel] ?? channel;

/** "hygiene_recall_sms" → "Hygiene recall" (the channel is shown beside it). */
export const templateName = (key: string) => {
  const words = key.replace(/_(sms|email|letter)$/, '').replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};
