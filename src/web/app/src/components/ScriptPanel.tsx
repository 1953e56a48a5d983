/** What to say: the script for the case's reason in the patient's language, and the privacy-safe voicemail. */
import { useState } from 'react';
import type { CallScripts, PatientCard } from '../api';
import { useWorkspace } from '../workspace-context';
import { formatPhone } from './ContactPoints';

/** Program → script key, as the seeded programs name them (GET /api/programs is for managers only). */
const scriptKeyOf: Record<string, string> = {
  hygiene: 'hygiene_recall', perio_maintenance: 'perio_maintenance', periodic_exam: 'periodic_exam', unscheduled_treatment: 'unscheduled_treatment',
  missed_visit: 'missed_visit', post_op: 'post_op_check', confirmation: 'appointment_confirmation', reactivation: 'reactivation_soft',
};
const languageNames: Record<string, string> = { en: 'English', es: 'Español' };

export function ScriptPanel({ scripts, card, program, mayLeaveVoicemail }: { scripts: CallScripts; card: PatientCard; program: string | null; mayLeaveVoicemail: boolean }) {
  const { user } = useWorkspace();
  const [language, setLanguage] = useState(() => (scripts.languages.includes(card.language.slice(0, 2)) ? card.language.slice(0, 2) : 'en'));
  const fill = (text: string) => text
    .replaceAll('{{practice_name}}', card.location?.name ?? 'the practice')
    .replaceAll('{{practice_phone}}', card.location?.phone ? formatPhone(card.location.phone) : 'the office number')
    .replaceAll('{{patient_first_name}}', card.preferredName ?? card.firstName)
    .replaceAll('{{staff_name}}', user.displayName);
  const purposeKey = (program && scriptKeyOf[program]) || 'default';
  // The program's voicemail template as managers saved it (Templates page), else the default one.
  const voicemail = (program && scripts.voicemailByProgram[program]) || scripts.voicemail;
  const sectionText = (key: string) => (key === 'purpose' ? (scripts.purpose[purposeKey] ?? scripts.purpose.default)?.[language] : scripts.common[language]?.[key]) ?? '';

  return (
    <section className="card script" aria-labelledby="script-title">
      <div className="card-title-row">
        <h2 id="script-title">Script</h2>
        <div role="group" aria-label="Script language" className="language-toggle">
          {scripts.languages.map((l) => <button key={l} type="button" aria-pressed={language === l} onClick={() => setLanguage(l)}>{languageNames[l] ?? l}</button>)}
        </div>
      </div>
      <dl>
        {scripts.sections.map((s) => (
          <div key={s.key} className={s.key === 'identityCheck' ? 'script-step identity' : 'script-step'}>
            <dt>{s.title[language] ?? s.title.en}</dt>
            <dd>{fill(sectionText(s.key))}</dd>
          </div>
        ))}
      </dl>
      <h3 className="subhead">Voicemail</h3>
      {mayLeaveVoicemail ? <p className="voicemail">{fill(voicemail[language] ?? voicemail.en ?? '')}</p> : <p className="notice notice-warning">No voicemail: this patient asked us not to leave messages.</p>}
      <p className="muted small">Say nothing about the reason for the call before the identity check passes; voicemails name only the practice and the callback number.</p>
    </section>
  );
}
