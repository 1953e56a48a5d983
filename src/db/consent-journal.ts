/**
 * A write-ahead journal for consent and opt-out changes on the embedded database.
 *
 * PGlite does not fsync, so a power cut can lose the last writes it acknowledged. An opt-out must
 * never be lost, so each change is first appended here and fsync'd (file and directory), and only
 * then applied to the database and acknowledged. At every open the journal is replayed: an entry
 * whose journal_id is not in the database yet is applied again. Entries are small and rare (people
 * opting out), so the file is never compacted; it doubles as an independent record of every change.
 *
 * Each entry also names its subject as the source systems know it. Internal ids can come back for
 * other people (`recare demo --reset` empties the tables and numbers the new patients from 1 again),
 * so replay applies an entry only while its ids still name the same patient (and, for a consent or
 * an opt-in, the same number or address); an opt-out needs only the same patient.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Channel, ConsentRecord, OptOutSource, PurposeClass } from '../domain/compliance/index.js';

/** Who a change is about, so a replay never lands it on someone who later got the same internal id. */
export interface JournalSubject {
  patientId: number;
  externalSource: string;
  externalId: string;
  /** contactPointFingerprint() of the contact point's value, when the change names one. */
  contactPointSha256: string | null;
}

/** SHA-256 of a phone number or address: the journal identifies a contact point without holding it. */
export function contactPointFingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export type JournalEntry = (
  | {
      id: string;
      type: 'opt_out';
      patientId: number;
      contactPointId: number | null;
      channel: Channel | null;
      purposeClass: PurposeClass | null;
      receivedVia: OptOutSource;
      receivedAt: string;
      recordedBy: number | null;
      evidence: string | null;
    }
  | {
      id: string;
      type: 'opt_in';
      patientId: number;
      contactPointId: number | null;
      receivedVia: OptOutSource;
      receivedAt: string;
    }
  | {
      id: string;
      type: 'consent';
      contactPointId: number;
      channel: Channel;
      purposeClass: PurposeClass;
      kind: ConsentRecord['kind'];
      granted: boolean;
      source: string;
      capturedAt: string;
      evidence: string | null;
      recordedBy: number | null;
    }
) & {
  /** Absent only in entries written before subjects were recorded; those replay unchecked. */
  subject?: JournalSubject;
};

export interface ConsentJournal {
  /** Returns once the entry is on stable storage. */
  append(entry: JournalEntry): void;
  entries(): JournalEntry[];
}

export function openConsentJournal(dataDir: string): ConsentJournal {
  const path = join(dataDir, 'consent-journal.ndjson');
  const created = !existsSync(path);
  const fd = openSync(path, 'a', 0o600);
  closeSync(fd);
  if (created) fsyncDirectory(dirname(path));
  return {
    append(entry) {
      const handle = openSync(path, 'a+');
      try {
        // A torn last line (a crash or a failed write mid-append) must not swallow this entry:
        // start on a fresh line so the torn one stays an unparseable line of its own.
        const prefix = endsTorn(handle) ? '\n' : '';
        const bytes = Buffer.from(prefix + JSON.stringify(entry) + '\n', 'utf8');
        for (let written = 0; written < bytes.length; ) written += writeSync(handle, bytes, written, bytes.length - written);
        fsyncSync(handle);
      } finally {
        closeSync(handle);
      }
    },
    entries() {
      const lines = readFileSync(path, 'utf8').split('\n');
      const entries: JournalEntry[] = [];
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          entries.push(JSON.parse(line) as JournalEntry);
        } catch {
          // A torn last line from a crash mid-append was never acknowledged: skip it.
        }
      }
      return entries;
    },
  };
}

/** True when the file is not empty and its last byte is not a newline. */
function endsTorn(handle: number): boolean {
  const { size } = fstatSync(handle);
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(handle, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

function fsyncDirectory(dir: string): void {
  const handle = openSync(dir, 'r');
  try {
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
}
