/**
 * The Open Dental connector's read and write side over the REST API: the client, the wire types,
 * and the mappers to the importers' records. The sync and write-back use cases build on these.
 */
export type * from './api-types.js';
export type { OpenDentalClientOptions, OpenDentalPage } from './client.js';
export { OpenDentalClient } from './client.js';
export type { OpenDentalEndpoint, OpenDentalMode } from './connection-mode.js';
export { localBaseUrl, openDentalModes, pageSizes, remoteBaseUrl, resolveConnection } from './connection-mode.js';
export type { OpenDentalFailure } from './open-dental-error.js';
export { OpenDentalError } from './open-dental-error.js';
export type { RetryPolicy } from './retry-policy.js';
export { defaultRetryPolicy } from './retry-policy.js';
export type { PagePosition } from './map-records.js';
export { mapAppointments, mapCommlogs, mapPatients, mapProcedureLogs, mapRecalls } from './map-records.js';
export { openDentalApiPreset } from './api-preset.js';
export { formatOdDateTime, isOdDate, isOdDateTime, odNoDate } from './od-date-time.js';
