export * from './call-progress.js';
export * from './staff-phone.js';
