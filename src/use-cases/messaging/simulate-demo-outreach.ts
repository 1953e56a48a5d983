/**
 * The demo clinic's last few days of outreach, made through the real paths so that the first look at
 * `npm start` shows conversations: for a sample of recall cases the recall coordinator records two
 * unanswered calls (as the cadence times them), which brings each case to its text step; then the
 * dispatcher runs through the following hours with the clock stepping forward, so the texts go out
 * through the gate and the sandbox, and some patients answer. Only for a freshly loaded demo clinic.
 */
import { addCalendarDays, atLocalTime, isBusinessDay, localDateOf, nextOpenInstant } from '../../domain/cadence/index.js';
import { casesForDemoOutreach } from '../../db/queries/demo-outreach.js';
import { recordOutcome } from '../record-outcome.js';
import { loadEngineContext } from '../shared/engine-context.js';
import { dispatchDueTouches } from './dispatch-due-touches.js';
import type { MessagingDeps } from './messaging-deps.js';
import { runSandboxActivity } from './run-sandbox-activity.js';

export interface DemoOutreachResult { cases: number; sent: number; replies: number }

const fixedAt = (at: Date) => ({ now: () => new Date(at) });

export async function simulateDemoOutreach(deps: MessagingDeps, request: { cases: number; actor: string }): Promise<DemoOutreachResult> {
  const now = deps.clock.now();
  const context = await loadEngineContext(deps);
  const picked = await casesForDemoOutreach(deps.store.db, ['hygiene', 'perio_maintenance', 'periodic_exam'], request.cases);
  let earliestText = now;
  for (const { caseId, locationId } of picked) {
    const calendar = context.calendarOf(locationId);
    // Six business days back, mid-morning: the first call; the cadence times the second and the text from there.
    let date = localDateOf(calendar, now);
    for (let back = 0; back < 6;) {
      date = addCalendarDays(date, -1);
      if (isBusinessDay(calendar, date)) back++;
    }
    const first = await recordOutcome({ ...deps, clock: fixedAt(atLocalTime(calendar, date, '10:15')) }, { caseId, outcome: 'No answer', channel: 'voice', user: request.actor });
    if (!first.nextActionAt || new Date(first.nextActionAt) >= now) continue;
    const second = await recordOutcome({ ...deps, clock: fixedAt(new Date(first.nextActionAt)) }, { caseId, outcome: 'No answer', channel: 'voice', user: request.actor });
    if (second.nextActionAt && new Date(second.nextActionAt) < earliestText) earliestText = new Date(second.nextActionAt);
  }
  // The dispatcher's passes over the days since, every quarter hour, as the server would have run them.
  let sent = 0;
  let replies = 0;
  const calendars = [...context.locations.values()].map((l) => l.calendar);
  for (let at = earliestText.getTime(); at <= now.getTime(); at += 15 * 60_000) {
    // Nights and weekends: no office is open, so no pass would send anything.
    if (!calendars.some((calendar) => nextOpenInstant(calendar, new Date(at)).getTime() === at)) continue;
    const pass = { ...deps, clock: fixedAt(new Date(at)) };
    sent += (await dispatchDueTouches(pass)).results.sent;
    replies += (await runSandboxActivity(pass)).replies;
  }
  deps.log.info({ cases: picked.length, sent, replies }, 'demo outreach simulated');
  return { cases: picked.length, sent, replies };
}
