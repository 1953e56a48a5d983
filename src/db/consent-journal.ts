/**
 * A write-ahead journal for consent and opt-out changes on the embedded database.
 *
 * PGlite does not fsync, so a power cut can lose the last writes it acknowledged. An opt-out must
 * never be lost, so each change is first appended here and fsync'd (file and directory), and only
 * then applied to the database and acknowledged. At every open the journal is replayed: an entry
 * whose journal_id is not in the database yet is applied again. Entries are small and rare (people
 * opting out), so the file is never compacted; it doubles as an independent record of every change.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type JournalEntry =
  | {
      id: string;
      type: 'opt_out';
      patientId: number;
      contactPointId: number | null;
      channel: string | null;
      purposeClass: string | null;
      receivedVia: string;
      receivedAt: string;
      recordedBy: number | null;
      evidence: string | null;
    }
  | {
      id: string;
      type: 'opt_in';
      patientId: number;
      contactPointId: number | null;
      receivedVia: string;
      receivedAt: string;
    }
  | {
      id: string;
      type: 'consent';
      contactPointId: number;
      channel: string;
      purposeClass: string;
      kind: string;
      granted: boolean;
      source: string;
      capturedAt: string;
      evidence: string | null;
      recordedBy: number | null;
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
      const handle = openSync(path, 'a');
      try {
        writeSync(handle, JSON.stringify(entry) + '\n');
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

function fsyncDirectory(dir: string): void {
  const handle = openSync(dir, 'r');
  try {
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
}
