import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessCalendarFor, isBusinessDay, localDateOf, nextStep } from '../../../src/domain/cadence/index.js';
import { defaultPrograms } from '../../../src/domain/recall/index.js';

const calendars = [
  businessCalendarFor({ timeZone: 'America/New_York', state: 'FL' }),
  businessCalendarFor({ timeZone: 'America/Chicago', state: 'TX' }),
  businessCalendarFor({ timeZone: 'America/Phoenix', state: 'AZ' }),
];
const instant = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true });

describe('next step (properties)', () => {
  it('a touch is never before now or the window start, and always in opening hours on a business day', () => {
    fc.assert(fc.property(
      fc.constantFrom(...defaultPrograms), fc.constantFrom(...calendars), fc.nat({ max: 4 }), instant, fc.option(instant, { nil: null }), instant,
      (program, calendar, stepsDone, now, last, start) => {
        const step = nextStep({ cadence: program.cadence, stepsDone, lastAttemptAt: last, outreachStartsAt: start, consentedChannels: ['voice', 'sms'], now, calendar });
        if (step.kind === 'exhausted') return;
        expect(step.at.getTime()).toBeGreaterThanOrEqual(now.getTime());
        if (last === null) expect(step.at.getTime()).toBeGreaterThanOrEqual(start.getTime());
        expect(isBusinessDay(calendar, localDateOf(calendar, step.at))).toBe(true);
        const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: calendar.timeZone, hour: 'numeric', hourCycle: 'h23' }).format(step.at));
        expect(hour).toBeGreaterThanOrEqual(8);
        expect(hour).toBeLessThan(17);
      },
    ), { numRuns: 200 });
  });
});
