/** What /api/health reports: is the database answering, which backend, which schema, how much data. */
import { currentSchemaVersion } from '../db/migrate.js';
import type { Deps } from './deps.js';

export interface Health {
  status: 'ok';
  backend: 'pglite' | 'postgres';
  schemaVersion: string;
  demo: boolean;
  counts: { locations: number; patients: number; appointments: number; procedures: number; openCases: number };
}

export async function readHealth(deps: Pick<Deps, 'store'>): Promise<Health> {
  const { db } = deps.store;
  const [schemaVersion, counts, organization] = await Promise.all([
    currentSchemaVersion(db),
    db
      .selectNoFrom((eb) => [
        eb.selectFrom('locations').select(eb.fn.countAll<number>().as('n')).as('locations'),
        eb.selectFrom('patients').select(eb.fn.countAll<number>().as('n')).as('patients'),
        eb.selectFrom('appointments').select(eb.fn.countAll<number>().as('n')).as('appointments'),
        eb.selectFrom('procedures').select(eb.fn.countAll<number>().as('n')).as('procedures'),
        eb.selectFrom('cases').where('state', '<>', 'closed').select(eb.fn.countAll<number>().as('n')).as('openCases'),
      ])
      .executeTakeFirstOrThrow(),
    db.selectFrom('organization').select('demo').executeTakeFirst(),
  ]);
  return {
    status: 'ok',
    backend: deps.store.backend,
    schemaVersion,
    demo: organization?.demo ?? false,
    counts: {
      locations: Number(counts.locations),
      patients: Number(counts.patients),
      appointments: Number(counts.appointments),
      procedures: Number(counts.procedures),
      openCases: Number(counts.openCases),
    },
  };
}
