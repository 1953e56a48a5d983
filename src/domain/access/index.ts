export * from './permissions.js';
export * from './password-rules.js';
export * from './session-policy.js';
export * from './lockout.js';
export * from './one-time-password.js';
export * from './last-admin.js';
