/**
 * Recall programs through the API: read them all (defaults seeded when missing), or add and replace
 * programs by key. Every program is validated (validateProgram) and every problem reported with
 * where it is, what was given and what is allowed; nothing is written unless all of them pass.
 * Programs are never deleted (attempts and due items name them): set `enabled: false` instead.
 */
import { AppError, type ErrorIssue } from '../domain/errors.js';
import { validatePrograms, type RecallProgram } from '../domain/recall/index.js';
import { appendAuditEvent } from '../db/queries/audit-events.js';
import { recheckEveryone } from '../db/queries/plan-writes.js';
import { loadPrograms, upsertPrograms } from '../db/queries/recall-programs.js';
import type { Deps } from './deps.js';

export interface ProgramList {
  programs: (RecallProgram & { id: number; updatedAt: string })[];
}

export async function readPrograms(deps: Pick<Deps, 'store'>): Promise<ProgramList> {
  const stored = await loadPrograms(deps.store.db);
  return { programs: stored.map((s) => ({ ...s.program, id: s.id, updatedAt: s.updatedAt.toISOString() })) };
}

export async function savePrograms(
  deps: Pick<Deps, 'store' | 'clock' | 'log'>,
  request: { programs: unknown; actorUserId: number | null },
): Promise<ProgramList & { saved: string[]; note: string }> {
  const inputs = Array.isArray(request.programs) ? request.programs : [request.programs];
  if (inputs.length === 0 || inputs.length > 100) {
    throw new AppError('invalid_input', `Give 1 to 100 programs (given ${inputs.length}).`, [{ path: 'programs', value: inputs.length, message: 'must hold 1 to 100 programs' }]);
  }
  const validation = validatePrograms(inputs);
  if (!validation.ok) throw new AppError('invalid_input', `The programs are not valid: ${validation.issues.map((i) => i.message).join('; ')}`, validation.issues.map(toIssue));
  const known = new Set([...(await loadPrograms(deps.store.db)).map((s) => s.program.key), ...validation.programs.map((p) => p.key)]);
  const unknown: ErrorIssue[] = validation.programs.flatMap((p) => p.supersedes.filter((k) => !known.has(k))
    .map((k) => ({ path: `${p.key}.supersedes`, value: k, message: `program "${p.key}" supersedes "${k}", which is not a program; known: ${[...known].sort().join(', ')}` })));
  if (unknown.length > 0) throw new AppError('invalid_input', unknown.map((i) => i.message).join('; '), unknown);
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await upsertPrograms(tx.db, validation.programs, now);
    // Any stored plan may be stale now; the next scheduled plan (or `recare plan`) looks at everyone.
    await recheckEveryone(tx.db, now);
    await appendAuditEvent(tx.db, { actorUserId: request.actorUserId, actorKind: request.actorUserId === null ? 'cli' : 'user', action: 'programs.save', entityType: 'recall_program', entityId: validation.programs.map((p) => p.key).join(','), patientId: null, remoteAddress: null, details: { keys: validation.programs.map((p) => p.key) } });
  });
  deps.log.info({ programs: validation.programs.map((p) => p.key) }, 'recall programs saved');
  return { ...(await readPrograms(deps)), saved: validation.programs.map((p) => p.key), note: 'Saved. Every patient is re-planned with the new programs by the next scheduled plan (every few minutes while the server runs) or `recare plan`.' };
}

function toIssue(issue: { path: string; value: unknown; message: string }): ErrorIssue {
  return { path: issue.path, value: issue.value, message: issue.message };
}
