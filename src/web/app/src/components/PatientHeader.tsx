/** The patient at a glance: preferred name, age, language, office and local time, whether a call is allowed now, and claiming the case. */
import { useState } from 'react';
import { api, errorMessage, type ChannelCheck, type Explanation, type PatientCard } from '../api';
import { clockTime, serverNow } from '../time';
import { CallableBadge } from './CallableBadge';
import { languageName } from './WorklistTable';

export function PatientHeader({ card, explanation, voice, caseId }: { card: PatientCard; explanation: Explanation; voice: ChannelCheck | undefined; caseId: number | null }) {
  return (
    <section className="patient-header card" aria-labelledby="patient-name">
      <div>
        <h1 id="patient-name">{card.name}</h1>
        <p className="facts">
          <span>{card.patientId}</span>
          {card.age !== null && <span>{card.age} years{card.birthDate ? ` (born ${card.birthDate})` : ''}</span>}
          <span>Speaks {languageName(card.language)}</span>
          {card.preferredChannel && <span>Prefers {channelName(card.preferredChannel)}</span>}
          {card.location && <span>{card.location.name}</span>}
          <span>{clockTime(serverNow(), card.timeZone)} their time ({card.timeZone})</span>
          {card.status !== 'active' && <span className="badge badge-stop">{card.status}</span>}
        </p>
      </div>
      <div className="header-side">
        {voice && <CallableBadge contactableNow={voice.allowed} nextContactAt={voice.nextAllowedAt} reason={voice.explanation} zone={card.timeZone} />}
        {voice && !voice.allowed && <p className="small muted">{voice.explanation}</p>}
        {caseId !== null && <ClaimCase caseId={caseId} claimedBy={explanation.case?.claimedBy ?? null} zone={card.timeZone} />}
      </div>
    </section>
  );
}

function ClaimCase({ caseId, claimedBy, zone }: { caseId: number; claimedBy: number | null; zone: string }) {
  const [state, setState] = useState<{ kind: 'idle' | 'busy' } | { kind: 'claimed'; until: string } | { kind: 'error'; message: string }>({ kind: 'idle' });
  if (state.kind === 'claimed') return <p className="badge badge-info" role="status">Claimed by you until {clockTime(new Date(state.until), zone)}</p>;
  return (
    <div>
      <button type="button" disabled={state.kind === 'busy'} onClick={() => {
        setState({ kind: 'busy' });
        api.claim(caseId).then((r) => setState({ kind: 'claimed', until: r.lapsesAt }), (e: unknown) => setState({ kind: 'error', message: errorMessage(e) }));
      }}>{claimedBy !== null ? 'Claim (someone may hold it)' : 'Claim this case'}</button>
      {state.kind === 'error' && <p className="form-error small" role="alert">{state.message}</p>}
    </div>
  );
}

export const channelName = (channel: string) => ({ voice: 'calls', sms: 'texts', email: 'email', letter: 'letters', voicemail: 'voicemail' } as Record<string, string>)[channel] ?? channel;
