/**
 * Patients not yet in the database, written with COPY and nothing else: the patient rows (ids
 * reserved by the caller), their contact points (ids reserved here, so consents can name them),
 * a consent row per stated yes/no flag, the "no voicemail" preference and the re-planning queue
 * entry. A new patient has no stored rows to compare with, so there is nothing to stage, look up
 * or update.
 */
import type { CopyTable, CopyValue } from '../copy-csv.js';
import type { StoreTransaction } from '../open-store.js';
import type { MergeContext } from './import-staging.js';
import { reserveIds } from './reserve-ids.js';
import type { ResolvedPatient } from './upsert-patients.js';

const consentChannels = ['sms', 'voice', 'email'] as const;

export async function insertNewPatients(tx: StoreTransaction, context: MergeContext, patients: readonly ResolvedPatient[]): Promise<void> {
  const points = patients.flatMap((p) => p.contactPoints.map((point) => ({ patientId: p.patientId, point })));
  const pointIds = await reserveIds(tx.db, 'contact_points', points.length);

  const patientRows: CopyValue[][] = patients.map((p) => [
    p.patientId, context.source, p.externalId, p.firstName, p.lastName, p.preferredName, p.birthDate, p.sex, p.status, p.preferredChannel,
    p.address1, p.city, p.state, p.zip, p.language ?? 'en', p.doNotContact ?? false, p.locationId, p.providerId, p.guarantorId,
  ]);
  const pointRows: CopyValue[][] = [];
  const consentRows: CopyValue[][] = [];
  points.forEach(({ patientId, point }, i) => {
    const id = pointIds[i] as number;
    pointRows.push([id, patientId, point.kind, point.use, point.value, point.rawValue, point.lineType, point.isValid, point.invalidReason, point.isPrimary, point.timeZoneCandidates]);
    for (const channel of consentChannels) {
      const granted = point.consents[channel];
      if (granted !== null) consentRows.push([id, channel, 'care', 'pec', granted, 'pms_import', context.now, context.evidence]);
    }
  });
  const noVoicemailRows: CopyValue[][] = patients.filter((p) => p.noVoicemail === true).map((p) => [p.patientId, 'no_voicemail', 'pms_import']);

  const tables: CopyTable[] = [
    {
      table: 'patients',
      columns: ['id', 'external_source', 'external_id', 'first_name', 'last_name', 'preferred_name', 'birth_date', 'sex', 'status', 'preferred_channel',
        'address1', 'city', 'state', 'zip', 'language', 'do_not_contact', 'home_location_id', 'primary_provider_id', 'guarantor_id'],
      rows: patientRows,
    },
    { table: 'contact_points', columns: ['id', 'patient_id', 'kind', 'use', 'value', 'raw_value', 'line_type', 'is_valid', 'invalid_reason', 'is_primary', 'time_zone_candidates'], rows: pointRows },
    { table: 'consents', columns: ['contact_point_id', 'channel', 'purpose_class', 'kind', 'granted', 'source', 'captured_at', 'evidence'], rows: consentRows },
    { table: 'communication_preferences', columns: ['patient_id', 'kind', 'note'], rows: noVoicemailRows },
    // A new patient needs planning; its id is new, so it cannot be queued already.
    { table: 'replan_queue', columns: ['patient_id', 'reason'], rows: patients.map((p) => [p.patientId, 'import']) },
  ];
  await tx.copy(tables.filter((t) => t.rows.length > 0));
}
