/** When an automated message may go: spread over the morning, never in the office's last hour, never on a closed day. */
import { describe, expect, it } from 'vitest';
import { businessCalendarFor } from '../../../src/domain/cadence/index.js';
import { sendingSlot, spreadFraction } from '../../../src/domain/messaging/send-pacing.js';

const tampa = businessCalendarFor({ timeZone: 'America/New_York', state: 'FL' }, { opensAt: '08:00', closesAt: '17:00' });
const policy = { spreadMinutes: 180, lastSendBeforeCloseMinutes: 60 };

describe('sendingSlot', () => {
  it('spreads what is due at opening over the first three hours, the same key always at the same time', () => {
    const opening = new Date('2026-12-08T13:00:00Z'); // Tue 08:00 in Tampa
    const slots = Array.from({ length: 200 }, (_, i) => sendingSlot(tampa, opening, `case-${i}-step-2`, policy).getTime());
    expect(Math.min(...slots)).toBeGreaterThanOrEqual(opening.getTime());
    expect(Math.max(...slots)).toBeLessThan(opening.getTime() + 180 * 60_000);
    const firstHour = slots.filter((t) => t < opening.getTime() + 60 * 60_000).length;
    expect(firstHour).toBeGreaterThan(40);
    expect(firstHour).toBeLessThan(100);
    expect(sendingSlot(tampa, opening, 'case-7-step-2', policy)).toEqual(sendingSlot(tampa, opening, 'case-7-step-2', policy));
  });

  it('sends an entry that came due mid-morning at once', () => {
    const at = new Date('2026-12-08T15:12:00Z'); // 10:12
    expect(sendingSlot(tampa, at, 'case-1-step-0', policy)).toEqual(at);
  });

  it('starts no conversation in the last office hour: the next business morning instead', () => {
    const late = new Date('2026-12-08T21:30:00Z'); // 16:30 Tue
    const slot = sendingSlot(tampa, late, 'case-1-step-0', policy);
    expect(slot.getTime()).toBeGreaterThanOrEqual(new Date('2026-12-09T13:00:00Z').getTime());
    expect(slot.getTime()).toBeLessThan(new Date('2026-12-09T16:00:00Z').getTime());
  });

  it('waits over the weekend', () => {
    const saturday = new Date('2026-12-12T15:00:00Z');
    expect(sendingSlot(tampa, saturday, 'k', policy).getTime()).toBeGreaterThanOrEqual(new Date('2026-12-14T13:00:00Z').getTime());
  });

  it('maps keys evenly into [0, 1)', () => {
    const values = Array.from({ length: 1000 }, (_, i) => spreadFraction(`k${i}`));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.filter((v) => v < 0.5).length).toBeGreaterThan(430);
    expect(values.filter((v) => v < 0.5).length).toBeLessThan(570);
  });
});
