/**
 * `recare dispatch --dry-run`: what the next pass would do, without writing anything or calling a
 * provider: the cadence steps that would be queued and each ready message with the gate's answer now.
 */
import { sql } from 'kysely';
import { decideTouch } from '../../domain/compliance/index.js';
import { loadFactsAndPolicy } from '../shared/contact-facts.js';
import { loadEngineContext } from '../shared/engine-context.js';
import type { Deps } from '../deps.js';
import { automatedSteps } from './dispatch-due-touches.js';

export interface DispatchPreviewRow {
  key: string;
  channel: string;
  patientId: number | null;
  caseId: number | null;
  queued: boolean;
  wouldSend: boolean;
  reason: string | null;
}

export async function previewDispatch(deps: Pick<Deps, 'store' | 'clock'>, options: { limit?: number } = {}): Promise<DispatchPreviewRow[]> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const limit = options.limit ?? 100;
  const steps = automatedSteps(await loadEngineContext(deps));
  const candidates = steps.length === 0 ? [] : (await sql<{ key: string; channel: string; patient_id: number; case_id: number; purpose: string; program_key: string; queued: boolean }>`
    select 'case-' || c.id || '-step-' || c.cadence_step as key, c.next_channel as channel, c.patient_id, c.id as case_id, s.purpose, s.program_key, false as queued
    from cases c join unnest(${steps.map((s) => s.programKey)}::text[], ${steps.map((s) => s.channel)}::text[], ${steps.map((s) => s.purpose)}::text[]) as s(program_key, channel, purpose)
      on s.program_key = c.lead_program_key and s.channel = c.next_channel
    where c.state in ('open', 'waiting') and c.next_action_at <= ${now}::timestamptz and c.claimed_by is null
      and not exists (select 1 from outbox o where o.key = 'case-' || c.id || '-step-' || c.cadence_step)
    union all
    select key, channel, patient_id, case_id, purpose, program_key, true from outbox
    where state = 'due' and next_try_at <= ${now}::timestamptz and channel <> 'letter'
    limit ${limit}`.execute(db)).rows;
  const rows: DispatchPreviewRow[] = [];
  for (const c of candidates) {
    let wouldSend = true;
    let reason: string | null = null;
    if (c.patient_id !== null) {
      const { facts, policy } = await loadFactsAndPolicy(deps, { recareId: c.patient_id }, now);
      const { decision } = decideTouch(facts, policy, { channel: c.channel as 'sms' | 'email', purpose: c.purpose as 'recall_due', automated: true, programKey: c.program_key }, now);
      wouldSend = decision.allowed;
      reason = decision.allowed ? null : decision.reasons.map((r) => r.message).join(' ');
    }
    rows.push({ key: c.key, channel: c.channel, patientId: c.patient_id, caseId: c.case_id, queued: c.queued, wouldSend, reason });
  }
  return rows;
}
