/**
 * The one error vocabulary. Every failure the user can see carries a code from this catalog and a
 * message that says what is wrong, what was given and what is allowed. Expected outcomes (a blocked
 * contact, a bad import row) are values, not errors; AppError is for requests that cannot proceed.
 */
export const errorCatalog = {
  invalid_input: 'The request or command arguments are not valid.',
  invalid_config: 'The configuration (environment or flags) is not valid.',
  not_found: 'The record does not exist or is not visible to you.',
  conflict: 'The change conflicts with the current state.',
  data_dir_locked: 'Another Recare process holds the embedded data directory.',
  data_dir_unusable: 'The embedded data directory cannot be used.',
  database_unavailable: 'The database cannot be reached.',
  unauthenticated: 'Sign in first.',
  forbidden: 'Your role or locations do not allow this.',
  password_change_required: 'Choose your own password before doing anything else.',
  payload_too_large: 'The request body is larger than allowed.',
  rate_limited: 'Too many requests in a short time.',
  internal: 'Something went wrong inside Recare; the error has been logged by id.',
} as const;

export type ErrorCode = keyof typeof errorCatalog;

export interface ErrorIssue {
  path: string;
  value?: unknown;
  message: string;
  /** The rule that refused the value, when a checker names one (e.g. the template linter's "clinical_term"). */
  rule?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[] | undefined;

  constructor(code: ErrorCode, message: string, issues?: ErrorIssue[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
