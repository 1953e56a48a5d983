/** One PostgreSQL server for the whole test run; each test file makes its own database on it. */
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../bench/throwaway-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let server: ThrowawayPostgres | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.DATABASE_URL) {
    project.provide('postgresUrl', process.env.DATABASE_URL);
    return;
  }
  server = await startThrowawayPostgres();
  project.provide('postgresUrl', server.url);
}

export async function teardown(): Promise<void> {
  server?.stop();
}
