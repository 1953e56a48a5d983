/**
 * JSON-lines logger. Log ids (patient, case, attempt, request), never names, phone numbers, emails
 * or message bodies. The redact list is a safety net, not permission to pass personal data.
 */
import { pino, type Logger } from 'pino';

export type Log = Logger;

export function createLog(level: string, destination: NodeJS.WritableStream = process.stderr): Log {
  return pino(
    {
      level,
      base: { app: 'recare' },
      redact: { paths: ['*.phone', '*.email', '*.firstName', '*.lastName', '*.body', '*.first_name', '*.last_name', '*.value'], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
