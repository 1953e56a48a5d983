/**
 * Consent per contact point × channel × purpose class (INV-07). The latest record for the class
 * decides, so a recorded refusal after a grant withdraws it. Records captured after `at` do not count.
 */
import { purposeClassOf } from './purpose-class.js';
import type { ConsentBasis, ConsentRecord, ContactPointFacts, Reason, Touch } from './types.js';

export type ConsentCheck = { ok: true; basis: ConsentBasis } | { ok: false; reason: Reason };

// A voicemail is a call (ringless voicemail counts as one, README 2.2), so voice consent covers it.
function coversChannel(record: ConsentRecord, touch: Touch): boolean {
  return record.channel === touch.channel || (touch.channel === 'voicemail' && record.channel === 'voice');
}

function latest(records: ConsentRecord[]): ConsentRecord | undefined {
  return [...records].sort((a, b) => a.capturedAt.getTime() - b.capturedAt.getTime()).at(-1);
}

function toBasis(r: ConsentRecord): ConsentBasis {
  return { consentId: r.id ?? null, kind: r.kind, source: r.source, capturedAt: r.capturedAt };
}

export function checkConsent(touch: Touch, contactPoint: ContactPointFacts, consents: ConsentRecord[], at: number): ConsentCheck {
  const purposeClass = purposeClassOf(touch.purpose);
  const relevant = consents.filter((c) => c.contactPointId === contactPoint.id && coversChannel(c, touch) && c.capturedAt.getTime() <= at);
  const current = latest(relevant.filter((c) => c.purposeClass === purposeClass));
  if (!current) {
    return {
      ok: false,
      reason: {
        code: 'no_consent', ruleId: 'INV-07',
        message: `No ${purposeClass === 'marketing' ? 'written ' : ''}consent is recorded for ${touch.channel} ${purposeClass} messages to contact point ${contactPoint.id} (INV-07 consent gate).`,
      },
    };
  }
  if (!current.granted) {
    return {
      ok: false,
      reason: {
        code: 'consent_withdrawn', ruleId: 'INV-07',
        message: `The latest ${purposeClass} consent for ${touch.channel} to contact point ${contactPoint.id} (${current.capturedAt.toISOString()}) records a refusal (INV-07 consent gate).`,
      },
    };
  }
  if (purposeClass === 'marketing' && current.kind !== 'pewc') {
    return {
      ok: false,
      reason: {
        code: 'no_written_consent', ruleId: 'INV-07',
        message: 'A promotion needs prior express written consent (PEWC); only prior express consent (PEC) is recorded (47 CFR 64.1200(a)(2), INV-07).',
      },
    };
  }
  return { ok: true, basis: toBasis(current) };
}

/** Is there a granted PEWC (either class) for this channel and contact point at `at`? */
export function hasWrittenConsent(touch: Touch, contactPoint: ContactPointFacts, consents: ConsentRecord[], at: number): boolean {
  const relevant = consents.filter((c) => c.contactPointId === contactPoint.id && coversChannel(c, touch) && c.capturedAt.getTime() <= at);
  return (['care', 'marketing'] as const).some((cls) => {
    const current = latest(relevant.filter((c) => c.purposeClass === cls));
    return current?.granted === true && current.kind === 'pewc';
  });
}
