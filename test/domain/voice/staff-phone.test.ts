import { describe, expect, it } from 'vitest';
import { parseStaffPhone } from '../../../src/domain/voice/index.js';

describe('a staff member\'s own phone', () => {
  it('is kept in E.164 whatever the spelling', () => {
    expect(parseStaffPhone('(813) 555-0142')).toEqual({ ok: true, e164: '+18135550142' });
    expect(parseStaffPhone('(813) 234-5601')).toEqual({ ok: true, e164: '+18132345601' });
    expect(parseStaffPhone(' +1 512 234 5601 ')).toEqual({ ok: true, e164: '+15122345601' });
  });

  it('refuses an empty or impossible number with what was given and what is expected', () => {
    expect(parseStaffPhone('  ')).toEqual({ ok: false, message: 'The phone number is empty; give the number to ring, in E.164 form, e.g. +18135550142.' });
    expect(parseStaffPhone('+1 (000) 123-4567')).toEqual({ ok: false, message: '"+1 (000) 123-4567" is not a valid phone number; give the desk or mobile number to ring, with its country code, e.g. +18135550142.' });
    expect(parseStaffPhone('+1555')).toEqual({ ok: false, message: '"+1555" is not a valid phone number; give the desk or mobile number to ring, with its country code, e.g. +18135550142.' });
  });
});
