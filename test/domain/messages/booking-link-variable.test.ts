/** {{booking_link}}: allowed where a link can be tapped (texts, email bodies), refused in voicemail, subjects and letters. */
import { describe, expect, it } from 'vitest';
import { allowedVariables, lintTemplate, messageValues } from '../../../src/domain/messages/index.js';

describe('the booking_link template variable', () => {
  it('is allowed in texts and email bodies only', () => {
    expect(allowedVariables('sms')).toContain('booking_link');
    expect(allowedVariables('email_body')).toContain('booking_link');
    for (const surface of ['voicemail', 'email_subject', 'letter', 'voice_script'] as const) expect(allowedVariables(surface)).not.toContain('booking_link');
  });

  it('passes the linter in a text and is refused in a voicemail with the reason', () => {
    expect(lintTemplate('sms', '{{practice_name}}: pick a time for your visit: {{booking_link}} {{opt_out_instructions}}').problems).toEqual([]);
    const voicemail = lintTemplate('voicemail', 'Book at {{booking_link}}').problems;
    expect(voicemail).toHaveLength(1);
    expect(voicemail[0]).toMatchObject({ code: 'variable_not_allowed', excerpt: '{{booking_link}}' });
    expect(voicemail[0]!.message).toMatch(/^\{\{booking_link\}\} is link information and may not appear in voicemail; allowed: /);
  });

  it('is filled only when a link was minted', () => {
    const practice = { name: 'Harbor Dental', phone: '+18135550100', address: null, timeZone: 'America/New_York' };
    const base = { language: 'en' as const, practice, firstName: 'Ana', appointmentStart: null, providerName: null, portalLink: null };
    expect(messageValues(base).booking_link).toBeUndefined();
    expect(messageValues({ ...base, bookingLink: 'https://recare.example.org/b/x' }).booking_link).toBe('https://recare.example.org/b/x');
  });
});
