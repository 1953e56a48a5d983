/** The case a call is about and its lead program, seen by one user: another office's case answers like one that does not exist. */
import { inScope, type LocationScope } from '../../domain/access/index.js';
import { AppError } from '../../domain/errors.js';
import type { RecallProgram } from '../../domain/recall/index.js';
import { findCaseById, type CaseWithPatient } from '../../db/queries/cases.js';
import type { Deps } from '../deps.js';
import { loadEngineContext } from '../shared/engine-context.js';

export async function openCaseForCall(deps: Pick<Deps, 'store'>, caseId: number, scope: LocationScope | undefined): Promise<{ theCase: CaseWithPatient; lead: RecallProgram }> {
  const theCase = await findCaseById(deps.store.db, caseId);
  if (!theCase || (scope && !inScope(scope, theCase.patientLocationId))) throw new AppError('not_found', `No case #${caseId}${scope ? ' is visible to you' : ''}.`);
  if (theCase.state === 'closed') throw new AppError('conflict', `Case #${caseId} is closed (${theCase.closedReason ?? 'closed'}); calls go on open cases.`);
  const context = await loadEngineContext(deps);
  const lead = (theCase.leadProgramKey ? context.programByKey.get(theCase.leadProgramKey) : undefined)?.program
    ?? context.enabled.find((p) => theCase.programKeys.includes(p.key));
  if (!lead) throw new AppError('conflict', `Case #${caseId} has no recall program to follow (its reasons: ${theCase.programKeys.join(', ') || 'none'}); run \`recare plan\` and try again.`);
  return { theCase, lead };
}
