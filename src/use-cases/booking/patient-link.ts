/**
 * The patient's own page behind a link: what it may show, the identity step (date of birth, or a code
 * texted to the number on file), and what the patient may do once confirmed. Before the identity step
 * the page knows only the practice's name and the patient's first name. Every answer for a link that
 * cannot be used (unknown, expired, used, revoked, case closed) is the same `closed`.
 *
 * Looking changes nothing the patient can see; it counts as an engagement signal on the case (one per
 * link per half hour, so a reload or a link scanner's second fetch does not count twice).
 */
import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  codeMinutes, dateOfBirthMatches, linkState, lockMinutes, maxCodesPerLink, reserveTry, sessionMinutes, triesBeforeLock, wrongAnswersBeforeRevoke, type LinkPurpose,
} from '../../domain/booking/link-state.js';
import { callDays, callHoursOn, callInstant, callLabel, pickedTimeLabel, proposalLabel, type BestTime, type DayPart, type Weekday } from '../../domain/booking/booking-choices.js';
import { callbackPoints } from '../../domain/cases/priority.js';
import type { PreferredChannel } from '../../domain/compliance/index.js';
import {
  findBookingLink, identityStateOf, insertLinkOpen, linkOpenedSince, linkPatient, lockPatientLinks, revokeLink, revokeOpenLinks, takeCodeSlot, takeIdentityTry, textsStopped,
  updateBookingLink, useLink,
  type BookingLinkRow,
} from '../../db/queries/booking-links.js';
import { insertBookingRequest } from '../../db/queries/booking-requests.js';
import { lockBookingCalendar } from '../../db/queries/booking-calendar.js';
import { insertPatientAction, setCaseCallback, snoozeCase } from '../../db/queries/patient-actions.js';
import { turnCaseToPerson } from '../../db/queries/case-for-a-person.js';
import { loadMessageRecipient } from '../../db/queries/message-recipient.js';
import { insertOutboxEntry } from '../../db/queries/outbox.js';
import type { Deps } from '../deps.js';
import { recordOptOut } from '../record-opt-out.js';
import { loadEngineContext } from '../shared/engine-context.js';
import { bookingTimes, type BookingTimes, type OfferedTime } from './booking-times.js';
import { looksLikeToken, newToken, tokenHash } from './link-token.js';

export type PageLanguage = 'en' | 'es';
type LinkDeps = Pick<Deps, 'store' | 'clock' | 'log'> & { bookingTimes?: BookingTimes };

/** What the page shows before the identity step. */
export interface PageGreeting {
  practiceName: string;
  firstName: string;
  language: PageLanguage;
}

export interface PagePreferences {
  preferredChannel: PreferredChannel | null;
  language: PageLanguage;
  bestTime: BestTime | null;
  hasMobile: boolean;
  hasEmail: boolean;
}

export type LinkView =
  | { kind: 'closed' }
  | ({ kind: 'locked'; until: Date } & PageGreeting)
  | ({ kind: 'identify'; canText: boolean; codeSent: boolean; problem: 'wrong_answer' | 'code_not_sent' | null; triesLeft: number } & PageGreeting)
  | ({ kind: 'open'; purpose: LinkPurpose; timeZone: string; practicePhone: string | null; times: OfferedTime[]; callDays: string[]; callHours: readonly number[]; preferences: PagePreferences; problem: 'time_taken' | 'invalid_choice' | null } & PageGreeting)
  | ({ kind: 'done'; what: 'picked' | 'proposed' | 'call' | 'not_now' | 'preferences'; label: string | null; at: Date | null; practicePhone: string | null; timeZone: string } & PageGreeting);

export type PatientAction =
  | { kind: 'pick'; startsAt: string }
  | { kind: 'propose'; days: Weekday[]; parts: DayPart[] }
  | { kind: 'call'; day: string; hour: number }
  | { kind: 'not_now' }
  | { kind: 'preferences'; preferredChannel: PreferredChannel | null; language: PageLanguage; bestTime: BestTime | null; stopTexts: boolean; stopEmails: boolean };

const closed: LinkView = { kind: 'closed' };
const pageLanguage = (language: string): PageLanguage => (language === 'es' ? 'es' : 'en');

interface LoadedLink {
  link: BookingLinkRow & { case_state: string | null };
  greeting: PageGreeting;
  patient: NonNullable<Awaited<ReturnType<typeof linkPatient>>>;
  office: { locationId: number | null; name: string; phone: string | null; timeZone: string };
  lockedUntil: Date | null;
}

async function loadLink(deps: LinkDeps, token: string, language: PageLanguage | null): Promise<LoadedLink | null> {
  if (!looksLikeToken(token)) return null;
  const { db } = deps.store;
  const link = await findBookingLink(db, tokenHash(token));
  if (!link) return null;
  const state = linkState({ purpose: link.purpose, expiresAt: link.expires_at, usedAt: link.used_at, revokedAt: link.revoked_at, lockedUntil: link.locked_until, caseState: link.case_state }, deps.clock.now());
  if (!state.open) return null;
  const patient = await linkPatient(db, link.patient_id);
  const recipient = await loadMessageRecipient(db, link.patient_id, null);
  if (!patient || !recipient) return null;
  return {
    link, patient, lockedUntil: state.lockedUntil,
    greeting: { practiceName: recipient.office.senderName ?? recipient.office.name, firstName: patient.firstName, language: language ?? pageLanguage(patient.language) },
    office: { locationId: recipient.office.locationId, name: recipient.office.name, phone: recipient.office.phone, timeZone: recipient.office.timeZone },
  };
}

const sessionValid = (link: BookingLinkRow, session: string | undefined, now: Date) =>
  looksLikeToken(session) && link.session_sha256 === tokenHash(session) && link.session_until !== null && link.session_until.getTime() > now.getTime();

async function identifyView(deps: LinkDeps, loaded: LoadedLink, problem: 'wrong_answer' | 'code_not_sent' | null): Promise<LinkView> {
  if (loaded.lockedUntil) return { kind: 'locked', until: loaded.lockedUntil, ...loaded.greeting };
  const now = deps.clock.now();
  const mobile = await textableMobile(deps, loaded);
  return {
    kind: 'identify', ...loaded.greeting, canText: mobile !== null && loaded.link.codes_sent < maxCodesPerLink,
    codeSent: loaded.link.code_expires_at !== null && loaded.link.code_expires_at.getTime() > now.getTime(), problem,
    triesLeft: triesBeforeLock(loaded.link.failed_checks),
  };
}

async function textableMobile(deps: LinkDeps, loaded: LoadedLink): Promise<{ id: number; value: string } | null> {
  for (const mobile of loaded.patient.mobiles) if (!await textsStopped(deps.store.db, loaded.link.patient_id, mobile.id, mobile.value)) return mobile;
  return null;
}

/** The office's calendar: its open days and hours (a call is offered only when someone is there to make it). */
async function officeCalendar(deps: LinkDeps, loaded: LoadedLink) {
  return (await loadEngineContext(deps)).calendarOf(loaded.office.locationId);
}

async function openView(deps: LinkDeps, loaded: LoadedLink, problem: 'time_taken' | 'invalid_choice' | null = null): Promise<LinkView> {
  const now = deps.clock.now();
  const calendar = await officeCalendar(deps, loaded);
  const days = callDays(now, calendar);
  const patientRow = await deps.store.db.selectFrom('patients').select(['preferred_channel', 'best_time_of_day']).where('id', '=', loaded.link.patient_id).executeTakeFirstOrThrow();
  const times = loaded.link.purpose === 'booking' && loaded.link.case_id !== null
    ? (await (deps.bookingTimes ?? bookingTimes).offer(deps, { caseId: loaded.link.case_id })).times
    : [];
  return {
    kind: 'open', ...loaded.greeting, purpose: loaded.link.purpose, timeZone: loaded.office.timeZone, practicePhone: loaded.office.phone, times,
    callDays: days, callHours: [...new Set(days.flatMap((d) => callHoursOn(calendar, d)))].sort((a, b) => a - b), problem,
    preferences: {
      preferredChannel: patientRow.preferred_channel, language: pageLanguage(loaded.patient.language), bestTime: patientRow.best_time_of_day,
      hasMobile: loaded.patient.mobiles.length > 0, hasEmail: loaded.patient.emails.length > 0,
    },
  };
}

/** The page for a GET: side-effect free for the link itself; the look is counted as engagement. */
export async function viewLink(deps: LinkDeps, request: { token: string; session?: string; language?: PageLanguage | null }): Promise<LinkView> {
  const loaded = await loadLink(deps, request.token, request.language ?? null);
  if (!loaded) return closed;
  const now = deps.clock.now();
  // Only a booking link's page is interest in booking; a preferences link (often opened to stop messages) is not.
  if (loaded.link.purpose === 'booking' && !await linkOpenedSince(deps.store.db, loaded.link.id, new Date(now.getTime() - 30 * 60_000))) {
    await insertLinkOpen(deps.store.db, loaded.link.id, loaded.link.case_id, now);
    deps.log.info({ linkId: loaded.link.id, caseId: loaded.link.case_id }, 'link opened');
  }
  if (!loaded.lockedUntil && sessionValid(loaded.link, request.session, now)) return openView(deps, loaded);
  return identifyView(deps, loaded, null);
}

/** The identity step: a date of birth or the texted code. Three wrong answers lock the link for 15 minutes. */
export async function confirmIdentity(deps: LinkDeps, request: { token: string; dateOfBirth?: string; code?: string; language?: PageLanguage | null }): Promise<{ view: LinkView; session: string | null }> {
  const loaded = await loadLink(deps, request.token, request.language ?? null);
  if (!loaded) return { view: closed, session: null };
  if (loaded.lockedUntil) return { view: { kind: 'locked', until: loaded.lockedUntil, ...loaded.greeting }, session: null };
  const now = deps.clock.now();
  const { link } = loaded;
  // The try is taken before the answer is checked, so guesses sent in parallel each use one of the three.
  const taken = await takeTry(deps, link.id, link.failed_checks, now);
  if (taken === null) {
    const state = await identityStateOf(deps.store.db, link.id);
    if (!state || state.revoked) return { view: closed, session: null };
    return { view: { kind: 'locked', until: state.lockedUntil ?? new Date(now.getTime() + lockMinutes * 60_000), ...loaded.greeting }, session: null };
  }
  let right = false;
  if (request.code !== undefined) {
    right = link.code_sha256 !== null && link.code_expires_at !== null && link.code_expires_at.getTime() > now.getTime() && /^\d{6}$/.test(request.code.trim()) && tokenHash(request.code.trim()) === link.code_sha256;
  } else if (request.dateOfBirth !== undefined) {
    right = dateOfBirthMatches(request.dateOfBirth, loaded.patient.birthDate);
  }
  if (!right) {
    deps.log.info({ linkId: link.id, locked: taken.lockedUntil !== null }, 'link identity check failed');
    if (taken.failedChecks >= wrongAnswersBeforeRevoke) {
      await revokeLink(deps.store.db, link.id, 'identity checks failed', now);
      return { view: closed, session: null };
    }
    if (taken.lockedUntil) {
      await lockPatientLinks(deps.store.db, link.patient_id, taken.lockedUntil);
      return { view: { kind: 'locked', until: taken.lockedUntil, ...loaded.greeting }, session: null };
    }
    return { view: await identifyView(deps, { ...loaded, link: { ...link, failed_checks: taken.failedChecks } }, 'wrong_answer'), session: null };
  }
  const session = newToken();
  const updated = { failed_checks: 0, locked_until: null, code_sha256: null, code_expires_at: null, session_sha256: tokenHash(session), session_until: new Date(now.getTime() + sessionMinutes * 60_000) };
  await updateBookingLink(deps.store.db, link.id, updated);
  return { view: await openView(deps, { ...loaded, link: { ...link, ...updated } }), session };
}

/** One identity try on the link, taken atomically (re-read and retried when another request took one first); null when the link is locked or gone. */
async function takeTry(deps: LinkDeps, linkId: number, failedChecks: number, now: Date): Promise<{ failedChecks: number; lockedUntil: Date | null } | null> {
  let expected = failedChecks;
  for (let round = 0; round < 5; round++) {
    const next = reserveTry(expected, now);
    if (await takeIdentityTry(deps.store.db, linkId, expected, next, now)) return next;
    const state = await identityStateOf(deps.store.db, linkId);
    if (!state || state.revoked || (state.lockedUntil !== null && state.lockedUntil > now)) return null;
    expected = state.failedChecks;
  }
  return null;
}

/**
 * Texts a 6-digit code to the number on file, through the outbox (keyed per link and code, so a
 * double submit queues one message). A live code is not replaced; at most three are sent per link;
 * never to a number that opted out.
 */
export async function sendIdentityCode(deps: LinkDeps, request: { token: string; language?: PageLanguage | null }): Promise<LinkView> {
  const loaded = await loadLink(deps, request.token, request.language ?? null);
  if (!loaded) return closed;
  if (loaded.lockedUntil) return { kind: 'locked', until: loaded.lockedUntil, ...loaded.greeting };
  const now = deps.clock.now();
  const { link } = loaded;
  if (link.code_expires_at !== null && link.code_expires_at.getTime() > now.getTime()) return identifyView(deps, loaded, null);
  const mobile = await textableMobile(deps, loaded);
  if (!mobile || link.codes_sent >= maxCodesPerLink) return identifyView(deps, loaded, 'code_not_sent');
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const serial = link.codes_sent + 1;
  const updated = { code_sha256: tokenHash(code), code_expires_at: new Date(now.getTime() + codeMinutes * 60_000), code_tries: 0, codes_sent: serial };
  const text = loaded.greeting.language === 'es'
    ? `${loaded.greeting.practiceName}: su código es ${code}. Vence en ${codeMinutes} minutos.`
    : `${loaded.greeting.practiceName}: your code is ${code}. It expires in ${codeMinutes} minutes.`;
  const queued = await deps.store.transaction(async (tx) => {
    // Taken only if no other request sent a code since this one read the link (a double tap queues one code, the one stored).
    if (!await takeCodeSlot(tx.db, link.id, link.codes_sent, updated, now)) return false;
    // A 'reply' entry: an answer to the patient's own request, like a HELP answer; the code is its whole text.
    await insertOutboxEntry(tx.db, {
      key: `link-${link.id}-code-${serial}`, origin: 'reply', channel: 'sms', patient_id: link.patient_id, case_id: null, location_id: null, cadence_step: null,
      purpose: 'appointment_reminder', program_key: null, template_key: null, free_text: null, to_address: mobile.value, body: text, secret: code, due_at: now, next_try_at: now,
      created_by: null, created_at: now, updated_at: now,
    });
    return true;
  });
  if (!queued) {
    const again = await loadLink(deps, request.token, request.language ?? null);
    return again ? identifyView(deps, again, null) : closed;
  }
  deps.log.info({ linkId: link.id, serial }, 'link code queued');
  return identifyView(deps, { ...loaded, link: { ...link, ...updated } }, null);
}

/** One thing the patient did on a confirmed page; lands on the case as a booking request, a callback, a snooze or a preference. */
export async function actOnLink(deps: LinkDeps, request: { token: string; session?: string; action: PatientAction; language?: PageLanguage | null }): Promise<LinkView> {
  const loaded = await loadLink(deps, request.token, request.language ?? null);
  if (!loaded) return closed;
  const now = deps.clock.now();
  if (loaded.lockedUntil || !sessionValid(loaded.link, request.session, now)) return identifyView(deps, loaded, null);
  const { link, office } = loaded;
  const action = request.action;
  const done = (what: Extract<LinkView, { kind: 'done' }>['what'], label: string | null, at: Date | null = null): LinkView => ({ kind: 'done', what, label, at, practicePhone: office.phone, timeZone: office.timeZone, ...loaded.greeting });

  if (action.kind === 'preferences') {
    await savePreferences(deps, loaded, action);
    return done('preferences', null);
  }
  const caseId = link.case_id;
  if (link.purpose !== 'booking' || caseId === null) return openView(deps, loaded, 'invalid_choice');

  if (action.kind === 'not_now') {
    const context = await loadEngineContext(deps);
    const days = context.settings.softDeclineSnoozeDays ?? 30;
    const until = DateTime.fromJSDate(now, { zone: office.timeZone }).plus({ days }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 }).toJSDate();
    await deps.store.transaction(async (tx) => {
      await snoozeCase(tx.db, caseId, until, `patient chose "not now" on their page`, now);
      await insertPatientAction(tx.db, { linkId: link.id, patientId: link.patient_id, caseId, what: 'not-now', body: `Patient chose "not now" on their page; snoozed ${days} days`, handled: true, now });
    });
    return done('not_now', null);
  }

  let request_: { kind: 'time' | 'proposal' | 'call'; label: string; startsAt?: Date; callAt?: Date; days?: Weekday[]; parts?: DayPart[] };
  if (action.kind === 'pick') {
    const startsAt = new Date(action.startsAt);
    if (Number.isNaN(startsAt.getTime())) return openView(deps, loaded, 'invalid_choice');
    request_ = { kind: 'time', label: pickedTimeLabel(startsAt, office.timeZone), startsAt };
  } else if (action.kind === 'propose') {
    if (action.days.length === 0 || action.parts.length === 0) return openView(deps, loaded, 'invalid_choice');
    request_ = { kind: 'proposal', label: proposalLabel(action.days, action.parts), days: action.days, parts: action.parts };
  } else {
    const at = callInstant(action.day, action.hour, now, await officeCalendar(deps, loaded));
    if (!at) return openView(deps, loaded, 'invalid_choice');
    request_ = { kind: 'call', label: callLabel(at, office.timeZone), callAt: at };
  }
  const chosen = request_;
  const used = await deps.store.transaction(async (tx): Promise<'used' | 'taken' | 'gone'> => {
    let time: OfferedTime | null = null;
    if (chosen.startsAt) {
      // Looked at again under the calendar lock: another patient may have taken or picked it since the
      // page was shown, and two picks of one chair at the same moment must not both be held.
      await lockBookingCalendar(tx.db);
      time = await (deps.bookingTimes ?? bookingTimes).recheck({ store: { db: tx.db }, clock: deps.clock }, { caseId, startsAt: chosen.startsAt });
      if (!time) return 'taken';
    }
    // A booking link is used once, and first: a second tap of the same form finds it used and adds nothing.
    if (!await useLink(tx.db, link.id, now)) return 'gone';
    await insertBookingRequest(tx.db, {
      case_id: caseId, patient_id: link.patient_id, link_id: link.id, kind: chosen.kind, label: chosen.label, created_at: now,
      starts_at: time ? new Date(time.startsAt) : chosen.callAt ?? null, ends_at: time ? new Date(time.endsAt) : null,
      location_id: time?.locationId ?? null, provider_id: time?.providerId ?? null, chair: time?.chair ?? null,
      proposed_days: chosen.days ?? [], proposed_parts: chosen.parts ?? [],
    });
    // A picked time is the booking: the case's other booking links are done (a preferences link stays).
    if (time) await revokeOpenLinks(tx.db, { caseId }, 'a time was picked on another link', now, 'booking');
    if (chosen.kind === 'call' && chosen.callAt) {
      await insertPatientAction(tx.db, { linkId: link.id, patientId: link.patient_id, caseId, what: 'call', body: chosen.label, handled: true, now });
      await setCaseCallback(tx.db, caseId, chosen.callAt, chosen.label, now);
    } else {
      await insertPatientAction(tx.db, { linkId: link.id, patientId: link.patient_id, caseId, what: chosen.kind, body: chosen.label, handled: false, now });
      await turnCaseToPerson(tx.db, caseId, {
        nextStep: chosen.kind === 'time' ? `confirm the booking request: ${chosen.label}` : `call to book: ${chosen.label}`,
        why: chosen.label, now, priorityAtLeast: callbackPoints + 200,
      });
    }
    return 'used';
  });
  if (used === 'taken') return openView(deps, loaded, 'time_taken');
  if (used === 'gone') return closed;
  deps.log.info({ linkId: link.id, caseId, kind: chosen.kind }, 'booking request');
  return done(chosen.kind === 'time' ? 'picked' : chosen.kind === 'proposal' ? 'proposed' : 'call', chosen.label, chosen.startsAt ?? chosen.callAt ?? null);
}

/** Preferred channel, language and best time on the patient; "stop texts" / "stop emails" through the durable opt-out path, as STOP does. */
async function savePreferences(deps: LinkDeps, loaded: LoadedLink, action: Extract<PatientAction, { kind: 'preferences' }>): Promise<void> {
  const { link, patient } = loaded;
  const now = deps.clock.now();
  const { db } = deps.store;
  const stops: { contactPointId: number; channel: 'sms' | 'email' }[] = [];
  if (action.stopTexts) {
    const phones = await db.selectFrom('contact_points').select('id').where('patient_id', '=', link.patient_id).where('kind', '=', 'phone').execute();
    for (const p of phones) stops.push({ contactPointId: p.id, channel: 'sms' });
  }
  if (action.stopEmails) for (const e of patient.emails) stops.push({ contactPointId: e.id, channel: 'email' });
  for (const stop of stops) {
    await recordOptOut(deps, { patient: { recareId: link.patient_id }, contactPointId: stop.contactPointId, channel: stop.channel, purposeClass: null, via: 'portal', evidence: `the patient's own page (link #${link.id})` });
  }
  // The page speaks English or Spanish; a patient on file in another language keeps it unless they picked the other one.
  const language = action.language === pageLanguage(patient.language) ? patient.language : action.language;
  await db.updateTable('patients').set({ preferred_channel: action.preferredChannel, language, best_time_of_day: action.bestTime, updated_at: now }).where('id', '=', link.patient_id).execute();
  const words = [
    action.preferredChannel ? `prefers ${action.preferredChannel}` : null, `language ${action.language}`, action.bestTime ? `best time ${action.bestTime}` : null,
    action.stopTexts ? 'stop texts' : null, action.stopEmails ? 'stop emails' : null,
  ].filter(Boolean).join(', ');
  // Kept on the case for staff to read, but not as interest in booking: it never lifts the case toward a call.
  await insertPatientAction(db, {
    linkId: link.id, patientId: link.patient_id, caseId: link.case_id, what: 'preferences', body: `Patient updated preferences on their page: ${words}`, handled: true, now,
    intent: stops.length > 0 ? 'opt_out' : 'help',
  });
  // The opt-out path revokes open links; a preferences link with no opt-out stays usable until it expires.
  if (stops.length > 0) await revokeOpenLinks(db, { patientId: link.patient_id }, 'opt-out', now);
}
