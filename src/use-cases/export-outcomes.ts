/**
 * `recare export outcomes`: every attempt and its outcome since an instant, for writing back to the
 * practice-management system — as CSV for a comm-log import, or as FHIR R4 Communication resources
 * plus a Task for each follow-up still ahead (a requested callback), as NDJSON or one collection
 * Bundle. Streams page by page, so a year of attempts never sits in memory.
 */
import { listAttemptsSince, type ExportedAttempt } from '../db/queries/outcome-export.js';
import { csvLine } from '../importers/index.js';
import type { Deps } from './deps.js';

export type OutcomeExportFormat = 'csv' | 'fhir-ndjson' | 'fhir-bundle';

export interface OutcomeExportRequest {
  since: Date | null;
  format: OutcomeExportFormat;
}

const csvColumns = [
  'attempt_id', 'occurred_at', 'patient_source', 'patient_id', 'channel', 'direction', 'actor', 'purpose', 'programs', 'outcome', 'reason', 'delivery_status', 'callback_at', 'template', 'note',
];

export async function* exportOutcomes(deps: Pick<Deps, 'store' | 'clock'>, request: OutcomeExportRequest): AsyncGenerator<string> {
  const now = deps.clock.now();
  if (request.format === 'csv') yield csvLine(csvColumns);
  if (request.format === 'fhir-bundle') yield `{"resourceType":"Bundle","type":"collection","timestamp":${JSON.stringify(now.toISOString())},"entry":[`;
  let first = true;
  for await (const attempt of attempts(deps, request.since)) {
    if (request.format === 'csv') {
      yield csvLine([
        String(attempt.id), attempt.occurredAt.toISOString(), attempt.patientSource, attempt.patientExternalId, attempt.channel, attempt.direction, attempt.actorKind,
        attempt.purpose ?? '', attempt.programKeys.join(';'), attempt.outcome ?? '', attempt.reason ?? '', attempt.deliveryStatus ?? '', attempt.callbackAt?.toISOString() ?? '',
        attempt.templateKey ?? '', attempt.note ?? '',
      ]);
      continue;
    }
    const resources: object[] = [communication(attempt)];
    if (attempt.callbackAt && attempt.callbackAt.getTime() > now.getTime()) resources.push(followUpTask(attempt));
    for (const resource of resources) {
      if (request.format === 'fhir-ndjson') yield JSON.stringify(resource) + '\n';
      else {
        yield `${first ? '' : ','}{"fullUrl":${JSON.stringify(`urn:uuid:recare-${(resource as { id: string }).id}`)},"resource":${JSON.stringify(resource)}}`;
        first = false;
      }
    }
  }
  if (request.format === 'fhir-bundle') yield ']}\n';
}

async function* attempts(deps: Pick<Deps, 'store'>, since: Date | null): AsyncGenerator<ExportedAttempt> {
  let afterId = 0;
  for (;;) {
    const page = await listAttemptsSince(deps.store.db, since, afterId, 2000);
    if (page.length === 0) return;
    yield* page;
    afterId = page.at(-1)?.id ?? afterId;
  }
}

// HL7 v3 ParticipationMode: how the communication was carried.
const medium: Record<string, { code: string; display: string }> = {
  voice: { code: 'PHONE', display: 'telephone' },
  voicemail: { code: 'PHONE', display: 'telephone' },
  sms: { code: 'SMSWRIT', display: 'SMS written' },
  email: { code: 'EMAILWRIT', display: 'email' },
  letter: { code: 'MAILWRIT', display: 'mail' },
};

function subject(a: ExportedAttempt) {
  return { identifier: { system: `urn:recare:source:${a.patientSource}`, value: a.patientExternalId } };
}

function communication(a: ExportedAttempt) {
  const failed = a.deliveryStatus === 'failed' || a.deliveryStatus === 'bounced';
  const mode = medium[a.channel];
  return {
    resourceType: 'Communication',
    id: `attempt-${a.id}`,
    identifier: [{ system: 'urn:recare:attempt', value: String(a.id) }],
    status: failed ? 'not-done' : 'completed',
    ...(failed ? { statusReason: { text: a.deliveryStatus } } : {}),
    category: [{ text: a.purpose ?? 'recall' }],
    ...(mode ? { medium: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode', ...mode }], text: a.channel }] } : {}),
    subject: subject(a),
    ...(a.direction === 'out' ? { sent: a.occurredAt.toISOString() } : { received: a.occurredAt.toISOString() }),
    ...(a.programKeys.length > 0 ? { topic: { text: a.programKeys.join(', ') } } : {}),
    extension: [
      { url: 'urn:recare:fhir:outcome', valueString: a.outcome ?? 'none' },
      ...(a.reason ? [{ url: 'urn:recare:fhir:barrier-reason', valueString: a.reason }] : []),
      { url: 'urn:recare:fhir:actor', valueString: a.actorKind },
    ],
    ...(a.note ? { note: [{ text: a.note }] } : {}),
  };
}

function followUpTask(a: ExportedAttempt) {
  return {
    resourceType: 'Task',
    id: `callback-${a.id}`,
    status: 'requested',
    intent: 'order',
    description: `Call back (${a.outcome ?? 'callback requested'})`,
    focus: { reference: `Communication/attempt-${a.id}` },
    for: subject(a),
    authoredOn: a.occurredAt.toISOString(),
    executionPeriod: { start: a.callbackAt?.toISOString() },
  };
}
