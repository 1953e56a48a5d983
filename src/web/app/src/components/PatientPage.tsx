/**
 * The case screen: who the patient is and how to reach them, the texts and emails with them, why they
 * are on the list, what happened before, what to say (script and decision tree), and the outcome buttons. After an outcome the list
 * comes back (or, in power mode, the next case opens), with an undo for the seconds the server allows.
 */
import { useCallback, useState } from 'react';
import { api, type CallView, type CallScripts, type ContactCheck, type Explanation, type OutcomeResult, type PatientCard } from '../api';
import { navigate, patientPath } from '../router';
import { dayAndTime } from '../time';
import { useWorkspace } from '../workspace-context';
import { follow } from './AppHeader';
import { AttemptTimeline } from './AttemptTimeline';
import { ContactPoints } from './ContactPoints';
import { ConversationPanel } from './ConversationPanel';
import { DecisionTree } from './DecisionTree';
import { FamilyList } from './FamilyList';
import { OutcomePanel } from './OutcomePanel';
import { BookingRequestsPanel } from './BookingRequestsPanel';
import { CallPanel } from './CallPanel';
import { PatientHeader } from './PatientHeader';
import { ReasonsList } from './ReasonsList';
import { ScriptPanel } from './ScriptPanel';
import { ErrorNotice, Loading, useAsync } from './status';

interface CaseData {
  card: PatientCard;
  explanation: Explanation;
  contact: ContactCheck;
  scripts: CallScripts;
}

let scriptsCache: Promise<CallScripts> | null = null;
const loadScripts = () => {
  scriptsCache ??= api.scripts().catch((error: unknown) => { scriptsCache = null; throw error; });
  return scriptsCache;
};

async function loadCase(patientId: string): Promise<CaseData> {
  const [card, explanation, contact, scripts] = await Promise.all([api.patientCard(patientId), api.explain(patientId), api.contactCheck(patientId), loadScripts()]);
  return { card, explanation, contact, scripts };
}

export function PatientPage({ patientId }: { patientId: string }) {
  const [data, reload] = useAsync(() => loadCase(patientId), patientId);
  if (data.state === 'loading') return <Loading what="the case" />;
  if (data.state === 'error') return (
    <>
      <BackLink />
      <ErrorNotice error={data.error} onRetry={reload} />
    </>
  );
  return <CaseScreen data={data.value} />;
}

function BackLink() {
  return <a href="/" onClick={follow('/')} className="back-link">← Back to the worklist</a>;
}

function CaseScreen({ data }: { data: CaseData }) {
  const { card, explanation, contact, scripts } = data;
  const { listOrder, powerMode, setPowerMode, setFlash, setUndoable } = useWorkspace();
  const [armed, setArmed] = useState<string | null>(null);
  const [call, setCall] = useState<CallView | null>(null);
  const followCall = useCallback((c: CallView | null) => setCall(c), []);
  const zone = card.timeZone;
  const voice = contact.channels.find((c) => c.channel === 'voice');
  const mayLeaveVoicemail = (contact.channels.find((c) => c.channel === 'voicemail') ?? voice)?.mayLeaveVoicemail ?? true;
  const openCase = explanation.case && explanation.case.state !== 'closed' ? explanation.case : null;
  const leadProgram = explanation.items.find((i) => i.status === 'open')?.program ?? null;
  // The conversation belongs to the case; a closed case's thread stays readable, and staff write from an open case.
  const conversationCase = explanation.case?.id ?? null;

  function recorded(result: OutcomeResult) {
    setFlash({ tone: result.warnings.length > 0 ? 'info' : 'success', text: describeOutcome(result, card.name, zone) });
    // The server's window, measured from now in this browser's clock (the two clocks may differ).
    setUndoable(result.undoUntil === null ? null : {
      attemptId: result.attemptId, label: result.outcome.label, patientId: card.patientId, patientName: card.preferredName ?? card.firstName,
      deadline: Date.now() + Date.parse(result.undoUntil) - Date.parse(result.recordedAt),
    });
    const here = listOrder.indexOf(card.patientId);
    const next = powerMode ? (here >= 0 ? listOrder[here + 1] : listOrder[0]) : undefined;
    navigate(next ? patientPath(next) : '/');
  }

  return (
    <div className="case-screen">
      <div className="case-topbar">
        <BackLink />
        <label className="power-toggle"><input type="checkbox" checked={powerMode} onChange={(e) => setPowerMode(e.target.checked)} /> Power mode: open the next case after each outcome</label>
      </div>
      <PatientHeader card={card} explanation={explanation} voice={voice} caseId={openCase?.id ?? null} />
      <div className="case-columns">
        <div className="case-main">
          <ContactPoints card={card} contact={contact} />
          {conversationCase !== null && (
            <ConversationPanel caseId={conversationCase} open={openCase !== null} program={leadProgram} zone={zone} patientName={card.preferredName ?? card.firstName} gate={contact.channels} />
          )}
          <ReasonsList explanation={explanation} />
          <AttemptTimeline attempts={card.attempts} zone={zone} />
          <FamilyList family={card.family} />
        </div>
        <div className="case-side">
          {conversationCase !== null && <BookingRequestsPanel caseId={conversationCase} zone={zone} onConfirmed={recorded} />}
          {openCase && <CallPanel key={openCase.id} caseId={openCase.id} zone={zone} powerMode={powerMode} onCall={followCall} onVoicemail={recorded} />}
          {openCase ? (
            <OutcomePanel caseId={openCase.id} zone={zone} armed={armed} onArmedHandled={() => setArmed(null)} onRecorded={recorded} call={call} />
          ) : (
            <section className="card" aria-labelledby="no-case-title">
              <h2 id="no-case-title">No open case</h2>
              <p>{explanation.verdict.message}</p>
              <p className="muted">Outcomes are recorded on open cases only. Go back to the worklist for the next patient.</p>
            </section>
          )}
          <DecisionTree tree={scripts.decisionTree} mayLeaveVoicemail={mayLeaveVoicemail} onOutcome={setArmed} disabled={!openCase} />
          <ScriptPanel scripts={scripts} card={card} program={leadProgram} mayLeaveVoicemail={mayLeaveVoicemail} />
        </div>
      </div>
    </div>
  );
}

function describeOutcome(result: OutcomeResult, name: string, zone: string): string {
  const parts = [`${result.outcome.label} recorded for ${name}.`];
  if (result.escalation) parts.push(`Now in the ${result.escalation.queue} queue, due ${dayAndTime(result.escalation.dueAt, zone)}.`);
  else if (result.state === 'closed') parts.push('The case is closed.');
  else if (result.nextActionAt) parts.push(`Next attempt: ${dayAndTime(result.nextActionAt, zone)}${result.nextStep ? ` (${result.nextStep})` : ''}.`);
  parts.push(...result.warnings);
  if (result.optedOut) parts.push('“Opted out” cannot be undone: the patient said it, and it already stops every call, text and email to them.');
  return parts.join(' ');
}
