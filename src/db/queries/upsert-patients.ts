/**
 * Patient upsert for one batch, keyed by (external_source, external_id): the patient row, contact
 * points (identity = patient + kind + value; a number that left the source is flagged, not
 * deleted, so its consent history stays), consents from the source's yes/no flags, the "no
 * voicemail" preference, do-not-contact and guarantor links. Runs inside the caller's transaction.
 *
 * References resolve to ids in JS and new patients get ids from the table's sequence up front, so
 * new patients (every patient of a first import) are COPY'd straight into their tables with their
 * contact points and consents (insert-new-patients.ts); only patients already stored go through
 * staging, where nothing is written unless a value changed (merge-stored-patients.ts).
 */
import { sql } from 'kysely';
import type { StoreTransaction } from '../open-store.js';
import { idsByExternalId, sourceWasEmpty } from './external-ids.js';
import { idOrNull, ords, queueReplan, stageRows, unresolvedReferences, type MergeContext, type MergeOutcome } from './import-staging.js';
import { insertNewPatients } from './insert-new-patients.js';
import { mergeStoredPatients } from './merge-stored-patients.js';
import { findDuplicatePatientsInDatabase, type DatabaseDuplicate } from './patient-duplicates.js';
import { enqueueReplan } from './plan-writes.js';
import { reserveIds } from './reserve-ids.js';

export interface PatientStageRow {
  ord: number;
  externalId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  birthDate: string | null;
  sex: string | null;
  status: string;
  language: string | null;
  preferredChannel: string | null;
  guarantorExternalId: string | null;
  address1: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  locationExternalId: string | null;
  providerExternalId: string | null;
  doNotContact: boolean | null;
  noVoicemail: boolean | null;
  contactPoints: ContactPointStageRow[];
}

export interface ContactPointStageRow {
  kind: 'phone' | 'email';
  use: 'mobile' | 'home' | 'work' | 'other';
  value: string;
  rawValue: string;
  lineType: 'wireless' | 'landline' | 'voip' | 'unknown';
  isValid: boolean;
  invalidReason: string | null;
  isPrimary: boolean;
  timeZoneCandidates: string[];
  /** The source's consent for this number or address per channel; null = not stated here. */
  consents: { sms: boolean | null; voice: boolean | null; email: boolean | null };
}

/** A staged patient with every reference resolved: its own id (stored, or reserved for a new one) and the ids it names. */
export interface ResolvedPatient extends PatientStageRow {
  patientId: number;
  locationId: number | null;
  providerId: number | null;
  /** Null when the guarantor is not named, or not in the database yet. */
  guarantorId: number | null;
}

export interface PatientMergeOutcome extends MergeOutcome {
  /** Guarantors not (yet) in the database: the caller retries them after the last batch. */
  pendingGuarantors: { ord: number; guarantorExternalId: string; unchanged: boolean }[];
  duplicates: DatabaseDuplicate[];
}

export async function upsertPatients(tx: StoreTransaction, context: MergeContext, rows: readonly PatientStageRow[]): Promise<PatientMergeOutcome> {
  const { db } = tx;
  const src = context.source;
  // A guarantor may be in this batch, an earlier one, or stored before; the batch's own patients
  // need no lookup when the source had none before this run.
  const ownKeys = new Set(rows.map((r) => r.externalId));
  const firstImport = await sourceWasEmpty(db, context, 'patients');
  const guarantorKeys = rows.map((r) => r.guarantorExternalId).filter((k) => k !== null && !(firstImport && ownKeys.has(k)));
  const stored = await idsByExternalId(db, 'patients', src, firstImport ? guarantorKeys : [...ownKeys, ...guarantorKeys]);
  const locations = await idsByExternalId(db, 'locations', src, rows.map((r) => r.locationExternalId));
  const providers = await idsByExternalId(db, 'providers', src, rows.map((r) => r.providerExternalId));
  const missing = [
    ...unresolvedReferences(rows, 'location', (r) => r.locationExternalId, locations),
    ...unresolvedReferences(rows, 'provider', (r) => r.providerExternalId, providers),
  ];

  // New patients get their ids now, so guarantors inside this batch, contact points and consents
  // can all be linked before anything is written.
  const freshIds = await reserveIds(db, 'patients', rows.filter((r) => !stored.has(r.externalId)).length);
  const inBatch = new Map<string, number>();
  let nextFresh = 0;
  for (const r of rows) inBatch.set(r.externalId, stored.get(r.externalId) ?? (freshIds[nextFresh++] as number));
  const resolved: ResolvedPatient[] = rows.map((r) => ({
    ...r,
    patientId: inBatch.get(r.externalId) as number,
    locationId: idOrNull(locations, r.locationExternalId),
    providerId: idOrNull(providers, r.providerExternalId),
    guarantorId: r.guarantorExternalId === null ? null : (inBatch.get(r.guarantorExternalId) ?? stored.get(r.guarantorExternalId) ?? null),
  }));
  const fresh = resolved.filter((r) => !stored.has(r.externalId));
  const known = resolved.filter((r) => stored.has(r.externalId));

  if (fresh.length > 0) await insertNewPatients(tx, context, fresh);
  const changed = known.length > 0 ? await mergeStoredPatients(tx, context, known) : new Set<number>();
  const duplicates = await findDuplicatePatientsInDatabase(db, resolved);
  await enqueueReplan(db, [...changed], 'import');

  const isNew = new Set(fresh.map((r) => r.patientId));
  return {
    inserted: fresh.length,
    updated: known.filter((r) => changed.has(r.patientId)).map((r) => r.ord),
    rejected: [],
    unresolved: missing,
    pendingGuarantors: resolved
      .filter((r) => r.guarantorExternalId !== null && r.guarantorId === null)
      .map((r) => ({ ord: r.ord, guarantorExternalId: r.guarantorExternalId as string, unchanged: !isNew.has(r.patientId) && !changed.has(r.patientId) })),
    duplicates,
  };
}

/** After the last batch: links whose guarantor arrived in a later batch. Returns the patients linked now. */
export async function linkPendingGuarantors(
  tx: StoreTransaction, context: MergeContext, links: readonly { ord: number; externalId: string; guarantorExternalId: string }[],
): Promise<{ linked: number[]; stillMissing: number[] }> {
  const { db } = tx;
  const src = context.source;
  await stageRows(tx, {
    table: 'stage_guarantors',
    ddl: 'ord int not null, external_id text not null, guarantor_external_id text not null, patient_id bigint, guarantor_id bigint, changed boolean not null default false',
    columns: [['ord', (r) => r.ord], ['external_id', (r) => r.externalId], ['guarantor_external_id', (r) => r.guarantorExternalId]],
  }, links);
  await sql`update stage_guarantors s set
      patient_id = (select p.id from patients p where p.external_source = ${src} and p.external_id = s.external_id),
      guarantor_id = (select g.id from patients g where g.external_source = ${src} and g.external_id = s.guarantor_external_id)`.execute(db);
  const linked = await ords(db, sql<{ ord: number }>`with linked as (
      update patients p set guarantor_id = s.guarantor_id, updated_at = now()
      from stage_guarantors s where p.id = s.patient_id and s.guarantor_id is not null and p.guarantor_id is distinct from s.guarantor_id
      returning p.id)
    update stage_guarantors s set changed = true from linked l where s.patient_id = l.id returning s.ord`);
  await queueReplan(db, 'stage_guarantors', 'import');
  const stillMissing = await ords(db, sql<{ ord: number }>`select ord from stage_guarantors where guarantor_id is null order by ord`);
  return { linked, stillMissing };
}
