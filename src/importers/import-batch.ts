import type { ImportProblem } from './problem.js';

/**
 * Importers hand results over in batches so a 1 GB export never has to sit in memory as one array:
 * the caller upserts a batch, then asks for the next.
 */
export interface ImportBatch<T> {
  records: T[];
  problems: ImportProblem[];
}

/** Drains an importer into one batch; for tests and small files only (a big file defeats the streaming). */
export async function collectBatches<T>(batches: AsyncIterable<ImportBatch<T>>): Promise<ImportBatch<T>> {
  const all: ImportBatch<T> = { records: [], problems: [] };
  for await (const batch of batches) {
    all.records.push(...batch.records);
    all.problems.push(...batch.problems);
  }
  return all;
}
