/** The weekly report's email deliveries of the offices a person covers: what was sent, refused, or may or may not have arrived (uncertain). */
import type { LocationScope } from '../../domain/access/index.js';
import { listWeeklyReportDeliveries, type WeeklyReportDeliveryView } from '../../db/queries/weekly-report-deliveries.js';
import type { Deps } from '../deps.js';

export async function readWeeklyReportDeliveries(deps: Pick<Deps, 'store'>, request: { scope: LocationScope; limit?: number }): Promise<WeeklyReportDeliveryView[]> {
  return listWeeklyReportDeliveries(deps.store.db, request.scope.allLocations ? null : request.scope.locationIds, request.limit ?? 100);
}
