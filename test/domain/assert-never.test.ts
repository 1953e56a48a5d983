import { describe, expect, it } from 'vitest';
import { assertNever } from '../../src/domain/assert-never.js';
import { AppError } from '../../src/domain/errors.js';

describe('assertNever', () => {
  it('names the value no rule covers (data that slipped past the types)', () => {
    const fromOutside = 'carrier_pigeon' as never;
    expect(() => assertNever(fromOutside, 'channel')).toThrow(AppError);
    expect(() => assertNever(fromOutside, 'channel')).toThrow('no rule for channel "carrier_pigeon"');
  });

  it('only type-checks once every member of the vocabulary has its case', () => {
    const channelWord = (channel: 'voice' | 'sms'): string => {
      switch (channel) {
        case 'voice': return 'call';
        // @ts-expect-error 'sms' has no case, so the default receives 'sms', not never.
        default: return assertNever(channel, 'channel');
      }
    };
    expect(channelWord('voice')).toBe('call');
    expect(() => channelWord('sms')).toThrow('no rule for channel "sms"');
  });
});
