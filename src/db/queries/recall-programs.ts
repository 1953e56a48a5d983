/**
 * Recall programs as stored rows. The default programs are seeded when missing (by key, so a clinic's
 * edits are never overwritten and a disabled program stays disabled); every read validates the stored
 * definition again, so a row edited by hand into an invalid shape is reported, not half-used.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../domain/errors.js';
import { defaultPrograms, validateProgram, type RecallProgram } from '../../domain/recall/index.js';
import type { Database } from '../schema.js';

export interface StoredProgram {
  id: number;
  program: RecallProgram;
  updatedAt: Date;
}

function rowOf(program: RecallProgram) {
  return {
    key: program.key,
    name: program.name,
    kind: program.trigger.kind,
    purpose: program.purpose,
    urgency: program.urgency,
    trigger: JSON.stringify(program.trigger),
    cadence: JSON.stringify(program.cadence),
    scripts: JSON.stringify({ scriptKey: program.scriptKey }),
    templates: JSON.stringify(program.templateKeys),
    enabled: program.enabled,
    definition: JSON.stringify(program),
  };
}

/** Inserts the default programs whose keys are missing; returns how many were inserted. */
export async function seedDefaultPrograms(db: Kysely<Database>): Promise<number> {
  const present = new Set((await db.selectFrom('recall_programs').select('key').execute()).map((r) => r.key));
  const missing = defaultPrograms.filter((p) => !present.has(p.key));
  if (missing.length === 0) return 0;
  const inserted = await db.insertInto('recall_programs').values(missing.map(rowOf)).onConflict((oc) => oc.column('key').doNothing()).returning('id').execute();
  return inserted.length;
}

/** Every program (enabled or not), seeding the defaults first when any is missing. */
export async function loadPrograms(db: Kysely<Database>): Promise<StoredProgram[]> {
  await seedDefaultPrograms(db);
  const rows = await db.selectFrom('recall_programs').select(['id', 'key', 'definition', 'enabled', 'updated_at']).orderBy('id').execute();
  return rows.map((row) => {
    // A row written before 0004 (or by hand) without a definition: the default of the same key.
    const input = row.definition ?? defaultPrograms.find((p) => p.key === row.key);
    const result = validateProgram(input);
    if (!result.ok) {
      throw new AppError('invalid_config', `The stored recall program "${row.key}" is not valid: ${result.issues.map((i) => i.message).join('; ')}. Fix it with PUT /api/programs.`, result.issues);
    }
    return { id: row.id, program: { ...result.program, enabled: row.enabled && result.program.enabled }, updatedAt: row.updated_at };
  });
}

/** Inserts or replaces programs by key (validated by the caller); returns their ids. */
export async function upsertPrograms(db: Kysely<Database>, programs: readonly RecallProgram[], now: Date): Promise<number[]> {
  const ids: number[] = [];
  for (const program of programs) {
    const values = rowOf(program);
    const row = await db
      .insertInto('recall_programs')
      .values(values)
      .onConflict((oc) => oc.column('key').doUpdateSet({ ...values, updated_at: now }))
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return ids;
}
