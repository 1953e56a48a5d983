/**
 * Which contact point a touch on a channel uses: the alternate the patient named (when it fits the
 * channel), then valid before invalid, then mobile before home before work before other, then the
 * lowest id. Phones for calls and texts, email addresses for email, none for letters.
 */
import { describe, expect, it } from 'vitest';
import { chooseContactPoint, type Channel, type CommunicationPreference, type ContactPointFacts } from '../../../src/domain/compliance/index.js';

type Use = ContactPointFacts['use'];
const phone = (id: number, use: Use, isValid = true): ContactPointFacts => ({ id, patientId: 1, kind: 'phone', use, value: `+1813555${String(id).padStart(4, '0')}`, lineType: use === 'mobile' ? 'wireless' : 'landline', isValid });
const email = (id: number, use: Use = 'other', isValid = true): ContactPointFacts => ({ id, patientId: 1, kind: 'email', use, value: `p${id}@example.com`, lineType: 'unknown', isValid });
const alternate = (id: number | null): CommunicationPreference => ({ kind: 'use_alternate_contact', alternateContactPointId: id });
const noVoicemail: CommunicationPreference = { kind: 'no_voicemail', alternateContactPointId: null };

const phoneChannels: Channel[] = ['voice', 'voicemail', 'sms'];

interface Row {
  name: string;
  channels: Channel[];
  points: ContactPointFacts[];
  preferences?: CommunicationPreference[];
  /** The id chosen, or null for none. */
  expected: number | null;
}

const table: Row[] = [
  // The order of phones.
  { name: 'mobile before home before work', channels: phoneChannels, points: [phone(3, 'work'), phone(2, 'home'), phone(1, 'mobile')], expected: 1 },
  { name: 'home before work when there is no mobile', channels: phoneChannels, points: [phone(3, 'work'), phone(2, 'home')], expected: 2 },
  { name: 'work before other', channels: phoneChannels, points: [phone(4, 'other'), phone(3, 'work')], expected: 3 },
  { name: 'the lowest id among two of the same use', channels: phoneChannels, points: [phone(9, 'mobile'), phone(5, 'mobile')], expected: 5 },
  // Valid before invalid, whatever the use.
  { name: 'a valid home phone before an invalid mobile', channels: phoneChannels, points: [phone(1, 'mobile', false), phone(2, 'home')], expected: 2 },
  { name: 'a valid work phone before invalid mobile and home', channels: phoneChannels, points: [phone(1, 'mobile', false), phone(2, 'home', false), phone(3, 'work')], expected: 3 },
  { name: 'an invalid phone when it is the only one (the gate then explains the block)', channels: phoneChannels, points: [phone(1, 'mobile', false), email(2)], expected: 1 },
  { name: 'a landline for a text when it is the only phone (the gate then explains the block)', channels: ['sms'], points: [phone(2, 'home'), email(3)], expected: 2 },
  // Email only for email.
  { name: 'email uses the email address, never a phone', channels: ['email'], points: [phone(1, 'mobile'), email(2)], expected: 2 },
  { name: 'calls and texts never use an email address', channels: phoneChannels, points: [email(2)], expected: null },
  { name: 'email with no email address: none', channels: ['email'], points: [phone(1, 'mobile'), phone(2, 'home')], expected: null },
  { name: 'a valid email before an invalid one', channels: ['email'], points: [email(2, 'other', false), email(3)], expected: 3 },
  { name: 'no contact points at all: none', channels: ['voice', 'voicemail', 'sms', 'email'], points: [], expected: null },
  // Letters go to the postal address.
  { name: 'letters use no contact point', channels: ['letter'], points: [phone(1, 'mobile'), email(2)], expected: null },
  { name: 'letters use no contact point even with an alternate named', channels: ['letter'], points: [phone(1, 'mobile'), email(2)], preferences: [alternate(1), alternate(2)], expected: null },
  // The alternate the patient named.
  { name: 'the alternate phone wins over a valid mobile', channels: phoneChannels, points: [phone(1, 'mobile'), phone(3, 'work')], preferences: [alternate(3)], expected: 3 },
  { name: 'the alternate wins even when it is marked invalid (the gate then explains the block)', channels: phoneChannels, points: [phone(1, 'mobile'), phone(3, 'work', false)], preferences: [alternate(3)], expected: 3 },
  { name: 'the alternate email wins over the usual email', channels: ['email'], points: [email(2), email(5, 'work')], preferences: [alternate(5)], expected: 5 },
  { name: 'an alternate phone does not apply to email', channels: ['email'], points: [phone(1, 'mobile'), phone(3, 'work'), email(4)], preferences: [alternate(3)], expected: 4 },
  { name: 'an alternate email does not apply to calls and texts', channels: phoneChannels, points: [phone(1, 'mobile'), email(4)], preferences: [alternate(4)], expected: 1 },
  { name: 'a phone and an email alternate: each channel uses the one that fits (email)', channels: ['email'], points: [phone(1, 'mobile'), phone(3, 'work'), email(4), email(6)], preferences: [alternate(3), alternate(6)], expected: 6 },
  { name: 'a phone and an email alternate: each channel uses the one that fits (phone)', channels: phoneChannels, points: [phone(1, 'mobile'), phone(3, 'work'), email(4), email(6)], preferences: [alternate(6), alternate(3)], expected: 3 },
  { name: 'two phone alternates: the valid one, then the usual order', channels: phoneChannels, points: [phone(1, 'mobile'), phone(2, 'mobile', false), phone(3, 'work'), phone(4, 'home')], preferences: [alternate(2), alternate(3), alternate(4)], expected: 4 },
  { name: 'an alternate that is not among the points (removed) falls back to the usual order', channels: phoneChannels, points: [phone(2, 'home'), phone(1, 'mobile')], preferences: [alternate(99)], expected: 1 },
  { name: 'an alternate preference without a contact point falls back to the usual order', channels: phoneChannels, points: [phone(2, 'home'), phone(1, 'mobile')], preferences: [alternate(null)], expected: 1 },
  { name: 'other preferences do not change the choice', channels: phoneChannels, points: [phone(2, 'home'), phone(1, 'mobile')], preferences: [noVoicemail], expected: 1 },
];

describe('chooseContactPoint', () => {
  for (const row of table) {
    for (const channel of row.channels) {
      it(`${row.name} [${channel}]`, () => {
        const points = structuredClone(row.points);
        const chosen = chooseContactPoint(channel, points, row.preferences ?? []);
        expect(chosen?.id ?? null).toBe(row.expected);
        // The caller's list is left as it was.
        expect(points).toEqual(row.points);
      });
    }
  }

  it('returns the contact point itself, not a copy, so the gate sees its line type and validity', () => {
    const points = [phone(2, 'home'), phone(1, 'mobile')];
    expect(chooseContactPoint('sms', points, [])).toBe(points[1]);
  });
});
