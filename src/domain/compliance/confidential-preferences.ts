/**
 * Confidential-communication requests under HIPAA 45 CFR 164.522(b) (INV-12). They override every
 * other channel rule: "no voicemail" means a call that reaches voicemail hangs up; an alternative
 * number or address means only it is used.
 */
import type { CommunicationPreference, ContactPointFacts, Reason, Touch } from './types.js';

export interface PreferenceCheck {
  reasons: Reason[];
  mayLeaveVoicemail: boolean;
}

export function checkConfidentialPreferences(touch: Touch, contactPoint: ContactPointFacts | null, preferences: CommunicationPreference[]): PreferenceCheck {
  const reasons: Reason[] = [];
  const has = (kind: CommunicationPreference['kind']): boolean => preferences.some((p) => p.kind === kind);
  const block = (code: Reason['code'], message: string): void => {
    reasons.push({ code, message: `${message} (confidential-communication request, 45 CFR 164.522(b), INV-12).`, ruleId: 'INV-12' });
  };
  const ch = touch.channel;
  if ((ch === 'voice' || ch === 'voicemail') && has('no_voice')) block('no_voice', 'The patient asked not to be called');
  if (ch === 'voicemail' && has('no_voicemail')) block('no_voicemail', 'The patient asked for no voicemail');
  if (ch === 'sms' && has('no_sms')) block('no_sms', 'The patient asked for no text messages');
  if (ch === 'email' && has('no_email')) block('no_email', 'The patient asked for no email');
  if (ch === 'letter' && has('no_letter')) block('no_letter', 'The patient asked for no letters');

  if (ch === 'letter') {
    if (has('use_alternate_address') && touch.letterAddress !== 'alternate') {
      block('use_alternate_address', 'The patient asked that letters go only to their alternate address');
    }
  } else {
    const alternates = preferences.filter((p) => p.kind === 'use_alternate_contact');
    if (alternates.length > 0) {
      const allowedIds = alternates.map((p) => p.alternateContactPointId).filter((id): id is number => id !== null);
      if (!contactPoint || !allowedIds.includes(contactPoint.id)) {
        block('use_alternate_contact', allowedIds.length > 0
          ? `The patient asked to be contacted only at contact point ${allowedIds.join(' or ')}, not ${contactPoint ? contactPoint.id : 'this one'}`
          : 'The patient asked to be contacted only at an alternate contact point, and none is recorded');
      }
    }
  }
  return { reasons, mayLeaveVoicemail: !has('no_voicemail') && !has('no_voice') };
}
