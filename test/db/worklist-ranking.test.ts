/**
 * The worklist's SQL pre-order and the domain's ranking agree: cases stored with the planner's score
 * (basePriority) come out of worklistCandidates in the order rankingBandOf and priorityOf rank them
 * at the moment the list is read (band first, then score), days counted in each office's own "today".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basePriority, priorityOf, rankingBandOf } from '../../src/domain/cases/index.js';
import { defaultRankingPolicy, type RankingBand, type RankingPolicy } from '../../src/domain/policy/index.js';
import { defaultPrograms, type DueItem } from '../../src/domain/recall/index.js';
import { loadPrograms } from '../../src/db/queries/recall-programs.js';
import { worklistCandidates, type WorklistFilter } from '../../src/db/queries/worklist.js';
import { item } from '../domain/cases/case-fixtures.js';
import { backends, openTestStore, type TestStore } from '../helpers/databases.js';
import { seedLocation } from '../helpers/seed-patients.js';

// 00:30 on Tuesday 2026-11-24 in New York, still 23:30 on Monday the 23rd in Chicago.
const now = new Date('2026-11-24T05:30:00Z');
const plannedAt = new Date('2026-11-01T15:00:00Z');
const programByKey = new Map(defaultPrograms.map((program, i) => [program.key, { id: i + 1, program }]));
const urgencyOf = (key: string) => programByKey.get(key)?.program.urgency ?? 0;
const reason = (programKey: string, dueOn: string, feeCents: number | null = null): DueItem => item(programKey, { urgency: urgencyOf(programKey), dueOn, feeCents });

interface Row { name: string; office: 'NY' | 'CHI'; reasons: DueItem[]; callbackAt?: Date; repliedAt?: Date; replyIntent?: 'other' | 'possible_opt_out'; band: RankingBand; score: number }

// Inserted in this order (ids ascending, next_action_at ascending), so a tie would keep it.
const table: Row[] = [
  { name: 'Chicago: cleaning due yesterday in New York terms, today in Chicago', office: 'CHI', reasons: [reason('hygiene', '2026-11-23')], band: 'recall_window', score: 400 },
  { name: 'cleaning 180 days overdue: in the rest, older work last', office: 'NY', reasons: [reason('hygiene', '2026-05-28')], band: 'rest', score: 382 },
  { name: 'cleaning and exam 80 days overdue', office: 'NY', reasons: [reason('hygiene', '2026-09-05'), reason('periodic_exam', '2026-09-05')], band: 'rest', score: 402 },
  { name: 'cleaning 16 days overdue: half a point a day', office: 'NY', reasons: [reason('hygiene', '2026-11-08')], band: 'recall_window', score: 408 },
  { name: 'cleaning and exam due today', office: 'NY', reasons: [reason('hygiene', '2026-11-24'), reason('periodic_exam', '2026-11-24')], band: 'recall_window', score: 410 },
  { name: 'planned treatment worth $2,500 presented today', office: 'NY', reasons: [reason('unscheduled_treatment', '2026-11-24', 250_000)], band: 'treatment_recent', score: 685 },
  { name: 'missed visit due today', office: 'NY', reasons: [reason('missed_visit', '2026-11-24')], band: 'missed_recently', score: 700 },
  { name: 'New York: cleaning due yesterday', office: 'NY', reasons: [reason('hygiene', '2026-11-23')], band: 'recall_window', score: 400.5 },
  { name: 'a due callback on a long-lapsed patient', office: 'CHI', reasons: [reason('reactivation', '2026-01-01')], callbackAt: new Date('2026-11-24T05:00:00Z'), band: 'callback_due', score: 10_245 },
  { name: 'reactivation due next week', office: 'NY', reasons: [reason('reactivation', '2026-11-30')], band: 'rest', score: 200 },
  { name: 'treatment presented 400 days ago: past its 90-day window, last', office: 'NY', reasons: [reason('unscheduled_treatment', '2025-10-20')], band: 'past_window', score: 645 },
  { name: 'cleaning 200 days overdue, but the patient replied yesterday', office: 'CHI', reasons: [reason('hygiene', '2026-05-07')], repliedAt: new Date('2026-11-23T01:00:00Z'), band: 'engaged_recently', score: 445 },
  { name: 'a reply 8 days ago is not recent: cleaning 200 days overdue', office: 'CHI', reasons: [reason('hygiene', '2026-05-07')], repliedAt: new Date('2026-11-16T01:00:00Z'), band: 'rest', score: 380 },
  {
    name: '"please stop calling" yesterday does not lift a patient: cleaning 200 days overdue', office: 'CHI', reasons: [reason('hygiene', '2026-05-07')],
    repliedAt: new Date('2026-11-23T02:00:00Z'), replyIntent: 'possible_opt_out', band: 'rest', score: 380,
  },
  { name: 'post-op check due today', office: 'NY', reasons: [reason('post_op', '2026-11-24')], band: 'time_bound', score: 900 },
];
const zones = { NY: 'America/New_York', CHI: 'America/Chicago' } as const;

describe.each(backends)('worklist ranking on %s', (backend) => {
  let t: TestStore;
  const caseNames = new Map<number, string>();

  beforeAll(async () => {
    t = await openTestStore(backend);
    const offices = { NY: await seedLocation(t.store, 'NYC', 'NY', zones.NY), CHI: await seedLocation(t.store, 'CHI', 'IL', zones.CHI) };
    const programIds = new Map((await loadPrograms(t.store.db)).map((p) => [p.program.key, p.id]));
    for (const [n, row] of table.entries()) {
      const patient = await t.store.db.insertInto('patients')
        .values({ external_id: `R-${n}`, first_name: 'Rank', last_name: `R-${n}`, state: row.office === 'NY' ? 'NY' : 'IL', zip: '10001', home_location_id: offices[row.office] })
        .returning('id').executeTakeFirstOrThrow();
      const stored = basePriority(row.reasons, row.callbackAt ?? null, zones[row.office], plannedAt, { programByKey });
      const inserted = await t.store.db.insertInto('cases').values({
        patient_id: patient.id, location_id: offices[row.office], state: 'open', owner_user_id: null, owner_queue: null, claimed_by: null, claimed_at: null,
        next_step: row.callbackAt ? 'callback' : 'call', next_action_at: row.callbackAt ?? new Date(plannedAt.getTime() + n * 60_000), priority: stored.priority, priority_why: stored.why,
        closed_reason: null, closed_at: null, reason_anchors: row.reasons.map((r) => r.anchor), program_keys: row.reasons.map((r) => r.programKey),
        lead_program_key: row.reasons[0]?.programKey ?? null, due_on: row.reasons.map((r) => r.dueOn).sort()[0] ?? null, next_channel: 'voice',
        first_attempt_at: null, outreach_starts_at: null, outreach_ends_at: null, snoozed_until: null,
      }).returning('id').executeTakeFirstOrThrow();
      caseNames.set(inserted.id, row.name);
      // The SQL reads each case's open items for its band, as the planner writes them.
      await t.store.db.insertInto('due_items').values(row.reasons.map((r) => ({
        patient_id: patient.id, program_id: programIds.get(r.programKey) as number, program_key: r.programKey, case_id: inserted.id, source: 'computed' as const,
        anchor: r.anchor, due_on: r.dueOn, window_start: r.dueOn, evidence: r.evidence, status: 'open' as const,
      }))).execute();
      if (row.repliedAt) {
        await t.store.db.insertInto('inbound_messages').values({
          provider: 'sandbox', provider_message_id: `IN-${n}`, channel: 'sms', from_address: '+15555550100', to_address: '+15555550199', body: 'yes',
          patient_ids: [patient.id], case_id: inserted.id, intent: row.replyIntent ?? 'other', received_at: row.repliedAt,
        }).execute();
      }
    }
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('the domain bands and scores each case as the table says', () => {
    for (const row of table) {
      const band = rankingBandOf({
        reasons: row.reasons, callbackDue: row.callbackAt !== undefined, engagement: row.repliedAt && row.replyIntent !== 'possible_opt_out' ? { at: row.repliedAt, kind: 'reply' } : null, now, timeZone: zones[row.office], policy: defaultRankingPolicy,
      });
      const score = priorityOf({
        reasons: row.reasons.map((r) => ({ programKey: r.programKey, urgency: r.urgency, dueOn: r.dueOn, feeCents: r.feeCents })),
        now, timeZone: zones[row.office], callbackAt: row.callbackAt ?? null, contactableNow: true, band,
      }).score;
      expect({ name: row.name, band: band.key, score }).toEqual({ name: row.name, band: row.band, score: row.score });
    }
  });

  it('the SQL pre-order is the domain order', async () => {
    const filter: WorklistFilter = { at: now, locationIds: null, queue: null, visibleQueues: [], segment: null, userId: null, handoffHours: 2, claimMinutes: 30 };
    const fromSql = (await worklistCandidates(t.store.db, filter, 50)).map((c) => caseNames.get(c.id));
    const rankOf = (band: RankingBand) => defaultRankingPolicy.order.indexOf(band);
    const fromDomain = [...table].sort((a, b) => rankOf(a.band) - rankOf(b.band) || b.score - a.score).map((r) => r.name);
    expect(fromSql).toEqual(fromDomain);
    expect(fromSql.slice(0, 5)).toEqual([
      'a due callback on a long-lapsed patient', 'post-op check due today', 'cleaning 200 days overdue, but the patient replied yesterday', 'missed visit due today',
      'planned treatment worth $2,500 presented today',
    ]);
    expect(fromSql.slice(-5)).toEqual([
      'cleaning 180 days overdue: in the rest, older work last', 'a reply 8 days ago is not recent: cleaning 200 days overdue',
      '"please stop calling" yesterday does not lift a patient: cleaning 200 days overdue', 'reactivation due next week',
      'treatment presented 400 days ago: past its 90-day window, last',
    ]);
  });

  it('the SQL pre-order follows an edited policy as the domain does: recall first among the fresh bands, a 60-day treatment window', async () => {
    const policy: RankingPolicy = {
      ...defaultRankingPolicy,
      order: ['recall_window', 'callback_due', 'time_bound', 'engaged_recently', 'missed_recently', 'treatment_recent', 'rest', 'past_window'],
      activeWindows: { ...defaultRankingPolicy.activeWindows, unscheduled_treatment: { days: 60 }, hygiene: { months: 6 } },
    };
    const filter: WorklistFilter = { at: now, locationIds: null, queue: null, visibleQueues: [], segment: null, userId: null, handoffHours: 2, claimMinutes: 30, ranking: policy };
    const fromSql = (await worklistCandidates(t.store.db, filter, 50)).map((c) => caseNames.get(c.id));
    const ranked = table.map((row) => {
      const band = rankingBandOf({
        reasons: row.reasons, callbackDue: row.callbackAt !== undefined, engagement: row.repliedAt && row.replyIntent !== 'possible_opt_out' ? { at: row.repliedAt, kind: 'reply' as const } : null,
        now, timeZone: zones[row.office], policy,
      });
      const score = priorityOf({
        reasons: row.reasons.map((r) => ({ programKey: r.programKey, urgency: r.urgency, dueOn: r.dueOn, feeCents: r.feeCents })),
        now, timeZone: zones[row.office], callbackAt: row.callbackAt ?? null, contactableNow: true, band,
      }).score;
      return { name: row.name, rank: band.rank, score, key: band.key };
    });
    // Stable sort: equal band and score keep the table's (insertion) order, as the SQL's next_action_at tie-break does.
    expect(fromSql).toEqual([...ranked].sort((a, b) => a.rank - b.rank || b.score - a.score).map((r) => r.name));
    expect(ranked.filter((r) => r.key === 'recall_window').map((r) => r.rank)).toEqual([1, 1, 1, 1]);
    // A cleaning 200 days overdue is past a 6-month window now; one 180 days overdue is not (its window ends 2026-11-28).
    const stale = ranked.filter((r) => r.key === 'past_window').map((r) => r.name);
    expect(stale).toContain('a reply 8 days ago is not recent: cleaning 200 days overdue');
    expect(stale).not.toContain('cleaning 180 days overdue: in the rest, older work last');
  });
});
