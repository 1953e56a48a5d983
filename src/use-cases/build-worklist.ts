/**
 * The worklist: for one viewer, office and queue, today's actionable cases in priority order with the
 * segment counts. Each row carries its reasons, the "why" (the same arithmetic that ranked it), the
 * next step, the suggested channel and script, and whether the gate lets staff reach the patient now
 * (and if not, when). The order: everyone reachable now, then the ranking policy's bands (callbacks,
 * time-bound items, recent engagement, fresh missed visits and treatment, recall due now, the rest,
 * stale work last), then the score within a band. The database pre-orders by band and the planner's
 * score plus days overdue; the rows read are then ranked with the full score (responsiveness, the
 * gate's answer), so a patient nobody may contact now sinks and says so.
 */
import { daysOverdue, describeNextWork, nextWorkWindows, priorityOf, rankingBandOf, type Queue } from '../domain/cases/index.js';
import type { RankingBand } from '../domain/policy/index.js';
import { contactabilityOf, type AttemptChannel } from '../domain/compliance/index.js';
import { AppError } from '../domain/errors.js';
import { callbackOwner } from '../domain/outcomes/index.js';
import { openEscalationsFor } from '../db/queries/cases.js';
import { loadGateFactsFor } from '../db/queries/gate-facts-bulk.js';
import {
  engagementsOf, firstUpcomingByLocation, lastLinkOpensOf, openReasonsOf, responsivenessOf, segments, upcomingCounts, worklistCandidates, worklistCounts, type Segment, type SegmentCounts, type WorklistFilter,
  type Responsiveness,
} from '../db/queries/worklist.js';
import type { Deps } from './deps.js';
import { loadEngineContext } from './shared/engine-context.js';
import { parseWorklistSearch, type WorklistSearch } from './worklist-search.js';
import { resolveWorklistView, type WorklistViewer } from './shared/worklist-viewer.js';

export { segments, type Segment };

export interface WorklistRequest {
  at?: Date;
  /**
   * A read-only look at the list as of a coming instant ("Show tomorrow's list"): after now, at most
   * 14 days ahead; wins over `at`.
   */
  preview?: Date;
  /** The signed-in user (HTTP). */
  viewer?: WorklistViewer;
  /** A user's email or id (CLI `--user`); ignored when `viewer` is given. */
  user?: string | null;
  /** An office's external id ("TPA") or number; default every office in scope. */
  location?: string | null;
  queue?: Queue | null;
  segment?: Segment | null;
  /** Rows to return, 1–500 (default 50). */
  limit?: number;
  /** Narrows the list to patients matching a name, patient id or phone number (worklist-search.ts). */
  q?: string | null;
}

export interface WorklistReason {
  program: string;
  programName: string;
  dueDate: string;
  evidence: string;
}

export interface WorklistRow {
  rank: number;
  caseId: number;
  /** The source system's patient id (e.g. D0000042). */
  patientId: string;
  /** Recare's numeric id. */
  recareId: number;
  patientName: string;
  /** ISO 639-1, e.g. en, es. */
  language: string;
  location: string | null;
  /** Days past the earliest open reason's due date in the office's time zone (0 when not yet due). */
  daysOverdue: number;
  /** The latest outbound attempt: when, on which channel, and its outcome key. */
  lastAttempt: { at: string; channel: string; outcome: string } | null;
  reasons: WorklistReason[];
  /** The worklist band (the ranking policy's order) and why the case is in it; the list is ordered by band, then score. */
  band: { key: RankingBand; rank: number; reason: string };
  /** Orders cases within their band. */
  score: number;
  why: string;
  nextStep: string;
  suggestedChannel: AttemptChannel;
  scriptKey: string | null;
  contactableNow: boolean;
  nextContactAt: string | null;
  /** Why the gate blocks (empty when contactable now). */
  gate: string;
  state: string;
  owner: { kind: 'anyone' } | { kind: 'user'; userId: number; why: string } | { kind: 'queue'; queue: Queue };
  nextActionAt: string;
  /** Open escalations of the case (queue views), with their same-day due time. */
  escalations?: { id: number; queue: Queue; reason: string; dueAt: string }[];
}

export interface Worklist {
  at: string;
  location: string | null;
  queue: Queue | null;
  segment: Segment | null;
  /** The search applied, if any (the counts are the whole list's). */
  search: { q: string; kind: WorklistSearch['kind'] } | null;
  counts: SegmentCounts;
  rows: WorklistRow[];
  /** The instant previewed (read-only: no claims or outcomes), or null for a working list. */
  preview: string | null;
  /**
   * When nothing is actionable now: the first instant any case in scope becomes actionable, and per
   * office how many cases come due that office day. Null when there is work now or nothing is planned.
   */
  next: NextWorkSummary | null;
}

export interface NextWorkSummary {
  at: string;
  total: number;
  sentence: string;
  parts: { location: string | null; name: string; timeZone: string; from: string; until: string; count: number }[];
}

/** How far ahead a preview may look. */
export const previewMaxDays = 14;

function checkPreview(preview: Date, now: Date): void {
  const latest = new Date(now.getTime() + previewMaxDays * 86_400_000);
  if (Number.isNaN(preview.getTime()) || preview.getTime() <= now.getTime() || preview.getTime() > latest.getTime()) {
    const given = Number.isNaN(preview.getTime()) ? 'not a valid instant' : preview.toISOString();
    throw new AppError('invalid_input',
      `preview ${given} is not allowed; allowed: an instant after now (${now.toISOString()}) and at most ${previewMaxDays} days ahead (${latest.toISOString()})`,
      [{ path: 'preview', value: given, message: `must be after ${now.toISOString()} and no later than ${latest.toISOString()}` }]);
  }
}

export async function buildWorklist(deps: Pick<Deps, 'store' | 'clock'>, request: WorklistRequest = {}): Promise<Worklist> {
  if (request.preview !== undefined) checkPreview(request.preview, deps.clock.now());
  const at = request.preview ?? request.at ?? deps.clock.now();
  const limit = request.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new AppError('invalid_input', `limit ${String(request.limit)} is out of range; allowed: a whole number from 1 to 500`, [{ path: 'limit', value: request.limit, message: 'must be 1 to 500' }]);
  }
  if (request.segment && !(segments as readonly string[]).includes(request.segment)) {
    throw new AppError('invalid_input', `segment ${JSON.stringify(request.segment)} is not a segment; use one of ${segments.join(', ')}`, [{ path: 'segment', value: request.segment, message: 'unknown segment' }]);
  }
  const search = request.q && request.q.trim() !== '' ? parseWorklistSearch(request.q) : null;
  const view = await resolveWorklistView(deps, { ...(request.viewer ? { viewer: request.viewer } : {}), user: request.user ?? null, location: request.location ?? null });
  const queue = request.queue ?? null;
  if (queue !== null && !view.viewer.visibleQueues.includes(queue)) {
    throw new AppError('forbidden', `The ${queue} queue is not open to you; your queues: ${view.viewer.visibleQueues.join(', ') || 'none'}.`);
  }
  const context = await loadEngineContext(deps);
  const filter: WorklistFilter = {
    at, locationIds: view.locationIds, queue, visibleQueues: view.viewer.visibleQueues, segment: request.segment ?? null, userId: view.viewer.userId,
    handoffHours: context.settings.callbackHandoffHours, claimMinutes: context.settings.claimMinutes, ranking: context.ranking,
    search: search === null ? null : search.kind === 'phone' ? { phoneDigits: search.digits } : { nameWords: search.words },
  };
  // A few more than shown, so a blocked patient near the cut can sink below reachable ones.
  const [candidates, counts] = await Promise.all([
    worklistCandidates(deps.store.db, filter, Math.min(500, limit + Math.max(10, Math.ceil(limit / 2)))),
    worklistCounts(deps.store.db, filter),
  ]);
  const policy = context.contactPolicy;
  const caseIds = candidates.map((c) => c.id);
  const patientIds = candidates.map((c) => c.patientId);
  const queueView = queue !== null || request.segment === 'escalations';
  const [reasons, responsiveness, engagements, linkOpens, gateFacts, escalations] = await Promise.all([
    openReasonsOf(deps.store.db, caseIds),
    responsivenessOf(deps.store.db, patientIds),
    engagementsOf(deps.store.db, caseIds, at),
    lastLinkOpensOf(deps.store.db, caseIds, at),
    loadGateFactsFor(deps.store.db, patientIds, at),
    queueView ? openEscalationsFor(deps.store.db, caseIds) : Promise.resolve(undefined),
  ]);

  const ranked = candidates.map((c) => {
    const zone = context.zoneOf(c.locationId);
    const lead = c.leadProgramKey ? context.programByKey.get(c.leadProgramKey)?.program : undefined;
    const open = reasons.get(c.id) ?? [];
    const facts = gateFacts.get(c.patientId);
    const gate = facts
      ? contactabilityOf(facts, policy, { purpose: lead?.purpose ?? 'recall_due', programKey: lead?.key ?? null, suggested: c.nextChannel }, at)
      : null;
    const callbackDue = c.nextStep === 'callback' && c.nextActionAt <= at;
    const band = rankingBandOf({
      reasons: open.map((r) => ({ programKey: r.programKey, dueOn: r.dueOn })), callbackDue, engagement: engagements.get(c.id) ?? null,
      now: at, timeZone: zone, policy: context.ranking,
    });
    const priority = priorityOf({
      band,
      reasons: open.map((r) => {
        const program = context.programByKey.get(r.programKey)?.program;
        return { programKey: r.programKey, programName: program?.name ?? r.programKey, urgency: program?.urgency ?? 0, dueOn: r.dueOn, feeCents: r.feeCents };
      }),
      now: at, timeZone: zone,
      callbackAt: c.nextStep === 'callback' ? c.nextActionAt : null,
      // A look at the booking link within the "engaged within" days raises the case within its band.
      linkOpenedAt: recentlyOpened(linkOpens.get(c.id), at, context.ranking.engagedWithinDays),
      responsiveness: responsiveness.get(c.patientId) ?? null,
      contactableNow: gate?.contactableNow ?? false,
      nextContactAt: gate?.nextContactAt ?? null,
    });
    const owner: WorklistRow['owner'] = c.ownerQueue !== null
      ? { kind: 'queue', queue: c.ownerQueue }
      : c.ownerUserId !== null
        ? (() => {
          const who = callbackOwner({ ownerUserId: c.ownerUserId, nextActionAt: c.nextActionAt }, at, context.settings.callbackHandoffHours);
          return who.owner.kind === 'user' ? { kind: 'user' as const, userId: c.ownerUserId, why: who.why } : { kind: 'anyone' as const };
        })()
        : { kind: 'anyone' };
    const ownerNote = c.ownerUserId !== null && owner.kind === 'anyone'
      ? `; ${callbackOwner({ ownerUserId: c.ownerUserId, nextActionAt: c.nextActionAt }, at, context.settings.callbackHandoffHours).why}` : '';
    const row: Omit<WorklistRow, 'rank'> = {
      caseId: c.id, patientId: c.externalId, recareId: c.patientId, patientName: `${c.preferredName ?? c.firstName} ${c.lastName}`,
      language: c.language,
      daysOverdue: earliestDaysOverdue(open.map((r) => r.dueOn), at, zone),
      lastAttempt: lastAttemptOf(responsiveness.get(c.patientId)),
      location: c.locationId !== null ? context.locations.get(c.locationId)?.externalId ?? null : null,
      reasons: open.map((r) => ({ program: r.programKey, programName: context.programByKey.get(r.programKey)?.program.name ?? r.programKey, dueDate: r.dueOn, evidence: r.evidence })),
      band: { key: band.key, rank: band.rank, reason: band.reason }, score: priority.score, why: priority.why + ownerNote + (gate && !gate.contactableNow ? ` (${gate.explanation})` : ''),
      nextStep: c.nextStep ?? 'call', suggestedChannel: gate?.channel ?? c.nextChannel ?? 'voice', scriptKey: lead?.scriptKey ?? null,
      contactableNow: gate?.contactableNow ?? false, nextContactAt: gate?.nextContactAt?.toISOString() ?? null,
      gate: gate && !gate.contactableNow ? gate.explanation : '',
      state: c.state, owner, nextActionAt: c.nextActionAt.toISOString(),
      ...(escalations ? { escalations: (escalations.get(c.id) ?? []).map((e) => ({ ...e, dueAt: e.dueAt.toISOString() })) } : {}),
    };
    return { row, sortAt: c.nextActionAt.getTime() };
  });
  // Everyone reachable now first; then the policy's bands; the score only orders a band.
  ranked.sort((a, b) => Number(b.row.contactableNow) - Number(a.row.contactableNow) || a.row.band.rank - b.row.band.rank
    || b.row.score - a.row.score || a.sortAt - b.sortAt || a.row.caseId - b.row.caseId);
  const next = counts.total === 0 && ranked.length === 0 && search === null ? await nextWorkOf(deps, filter, context) : null;
  return {
    at: at.toISOString(),
    location: view.location?.externalId ?? null,
    queue,
    segment: request.segment ?? null,
    search: search === null ? null : { q: search.q, kind: search.kind },
    counts,
    rows: ranked.slice(0, limit).map((r, i) => ({ rank: i + 1, ...r.row })),
    preview: request.preview ? at.toISOString() : null,
    next,
  };
}

/** "Next: 202 cases from Tue 08:00 (Tampa)": the same viewer's list, from its first upcoming instant to the end of that office day. */
/** The city when known ("Tampa"), which tells offices apart in one short sentence; else the name. */
function officeName(office: { name: string; city: string | null }): string {
  return office.city?.trim() || office.name;
}

async function nextWorkOf(deps: Pick<Deps, 'store'>, filter: WorklistFilter, context: Awaited<ReturnType<typeof loadEngineContext>>): Promise<NextWorkSummary | null> {
  const firsts = await firstUpcomingByLocation(deps.store.db, filter);
  const windows = nextWorkWindows(firsts, context.calendarOf);
  const counts = await upcomingCounts(deps.store.db, filter, windows);
  const named = windows.map((w) => {
    const office = w.locationId !== null ? context.locations.get(w.locationId) : undefined;
    return { ...w, name: office ? officeName(office) : 'no office', count: counts.get(w.locationId) ?? 0 };
  });
  const next = describeNextWork(named, filter.at);
  if (!next) return null;
  return {
    at: next.at.toISOString(), total: next.total, sentence: next.sentence,
    parts: next.parts.map((p) => ({
      location: p.locationId !== null ? context.locations.get(p.locationId)?.externalId ?? null : null, name: p.name, timeZone: p.timeZone,
      from: p.from.toISOString(), until: p.until.toISOString(), count: p.count,
    })),
  };
}


function recentlyOpened(openedAt: Date | undefined, at: Date, days: number): Date | null {
  return openedAt && at.getTime() - openedAt.getTime() <= days * 86_400_000 ? openedAt : null;
}

function earliestDaysOverdue(dueDates: string[], at: Date, zone: string): number {
  const earliest = [...dueDates].sort()[0];
  return earliest ? Math.max(0, daysOverdue(at, earliest, zone)) : 0;
}

function lastAttemptOf(responsiveness: Responsiveness | undefined): WorklistRow['lastAttempt'] {
  const last = responsiveness?.last;
  return last ? { at: last.at.toISOString(), channel: last.channel, outcome: last.outcome } : null;
}
