/** Every phone and email with its consents, opt-outs and validity, the confidential-communication warnings, and the gate's answer per channel. */
import type { ContactCheck, PatientCard } from '../api';
import { dayAndTime } from '../time';
import { channelName } from './PatientHeader';

export function ContactPoints({ card, contact }: { card: PatientCard; contact: ContactCheck }) {
  return (
    <section className="card" aria-labelledby="contact-title">
      <h2 id="contact-title">How to reach {card.preferredName ?? card.firstName}</h2>
      {card.warnings.length > 0 && (
        <ul className="warnings" aria-label="Warnings">
          {card.warnings.map((w) => <li key={w} className="notice notice-warning"><strong>⚠ {w}</strong></li>)}
        </ul>
      )}
      {card.contactPoints.length === 0 ? (
        <p>No phone number or email on file. Ask the practice system to add one, then import again.</p>
      ) : (
        <ul className="contact-points">
          {card.contactPoints.map((point) => {
            const care = point.consents.filter((c) => c.purposeClass === 'care');
            return (
              <li key={point.id} className={point.valid ? undefined : 'invalid'}>
                <span className="contact-value">
                  {point.kind === 'phone' ? <a href={`tel:${point.value}`}>{formatPhone(point.value)}</a> : point.value}
                </span>
                <span className="muted small"> {point.use}{point.kind === 'phone' && point.lineType !== 'unknown' ? ` · ${point.lineType}` : ''}{point.primary ? ' · primary' : ''}</span>
                <span className="badges">
                  {!point.valid && <span className="badge badge-stop">Invalid{point.invalidReason ? `: ${point.invalidReason}` : ''}</span>}
                  {point.optedOut.map((channel) => <span key={channel} className="badge badge-stop">Opted out: {channel === 'all' ? 'everything' : channelName(channel)}</span>)}
                  {care.map((c) => (
                    <span key={`${c.channel}-${c.purposeClass}`} className={`badge ${c.granted ? 'badge-ok' : 'badge-stop'}`} title={`${c.kind.toUpperCase()} captured ${c.capturedAt.slice(0, 10)}`}>
                      {c.granted ? '✓' : '✗'} {channelName(c.channel)}
                    </span>
                  ))}
                  {care.length === 0 && point.valid && <span className="badge badge-wait">No consent recorded</span>}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <h3 className="subhead">Right now</h3>
      <ul className="gate-answers">
        {contact.channels.filter((c) => c.channel !== 'letter').map((c) => (
          <li key={c.channel}>
            <span className={`badge ${c.allowed ? 'badge-ok' : 'badge-wait'}`}>{channelLabel(c.channel)}: {c.allowed ? 'allowed' : c.nextAllowedAt ? `not until ${dayAndTime(c.nextAllowedAt, card.timeZone)}` : 'not allowed'}</span>
            {!c.allowed && <span className="muted small"> {c.reasons.map((r) => r.message).join(' ')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

const channelLabel = (channel: string) => ({ voice: 'Call', voicemail: 'Voicemail', sms: 'Text', email: 'Email' } as Record<string, string>)[channel] ?? channel;

export function formatPhone(value: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(value);
  return us ? `(${us[1]}) ${us[2]}-${us[3]}` : value;
}
