/** One map from error code to HTTP status, and the one JSON error body every route returns. */
import type { ErrorCode, ErrorIssue } from '../domain/errors.js';

export const statusByCode: Record<ErrorCode, number> = {
  invalid_input: 400,
  invalid_config: 500,
  not_found: 404,
  conflict: 409,
  data_dir_locked: 503,
  data_dir_unusable: 503,
  database_unavailable: 503,
  unauthenticated: 401,
  forbidden: 403,
  password_change_required: 403,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: ErrorIssue[]; requestId: string };
}
