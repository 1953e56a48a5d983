/** Recording and reading the audit log (managers read it; nobody edits it: the table refuses). */
import { appendAuditEvent, listAuditEvents, type AuditEvent, type AuditFilter } from '../db/queries/audit-events.js';
import type { Deps } from './deps.js';

export function recordAudit(deps: Pick<Deps, 'store'>, event: AuditEvent): Promise<void> {
  return appendAuditEvent(deps.store.db, event);
}

export function readAuditLog(deps: Pick<Deps, 'store'>, filter: AuditFilter) {
  return listAuditEvents(deps.store.db, filter);
}
