/**
 * Imports for the web app (upload with progress on the client side):
 *   POST /api/imports/csv?kind=&preset=&source=&dryRun=&map=  body: the CSV (text/csv), up to 50 MB
 *   POST /api/imports/fhir?source=&dryRun=                   body: a Bundle or resource (application/json,
 *                                                            application/fhir+json) or bulk NDJSON (application/x-ndjson)
 *   GET  /api/imports/:id                                    the run, its figures and its problems
 *   GET  /api/imports/:id/rejected.csv                       the rejected rows with a reason column
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { readFhirJson, readNdjson } from '../../importers/index.js';
import type { Deps } from '../../use-cases/deps.js';
import { importCsvRecords } from '../../use-cases/import-csv.js';
import { importFhirRecords } from '../../use-cases/import-fhir.js';
import { readImportRun } from '../../use-cases/read-import-run.js';
import { writeRejectedRows } from '../../use-cases/write-rejected-rows.js';
import { sessionOf } from '../route-access.js';

export const importBodyLimitBytes = 50 * 1024 * 1024;

const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional().transform((v) => v === 'true' || v === '1' || v === 'yes');
const csvQuery = z.object({
  kind: z.string({ error: 'is required: locations, providers, patients, appointments, procedures, recalls or contacts' }),
  preset: z.string().max(64).optional(),
  source: z.string().max(64).optional(),
  file: z.string().max(200).optional(),
  dryRun: flag,
  map: z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : [v].flat())),
});
const fhirQuery = z.object({ source: z.string().max(64).optional(), file: z.string().max(200).optional(), dryRun: flag });
const runParams = z.object({ id: z.string().regex(/^\d{1,12}$/, 'must be an import run id (digits)') });

function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const given = (value ?? {}) as Record<string, unknown>;
  const issues = parsed.error.issues.map((i) => ({ path: String(i.path[0] ?? where), value: given[String(i.path[0])], message: i.message }));
  throw new AppError('invalid_input', `${where} is not valid: ${issues.map((i) => `${i.path}=${JSON.stringify(i.value ?? null)}: ${i.message}`).join('; ')}`, issues);
}

export async function registerImportRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  await server.register(async (scope) => {
    // Bodies stay text for the importers (CSV and NDJSON are read as streams of it); the limit applies to these routes only.
    scope.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: importBodyLimitBytes }, (_request, body, done) => done(null, body));
    scope.addContentTypeParser(['application/fhir+json', 'application/x-ndjson', 'application/ndjson', 'application/fhir+ndjson'], { parseAs: 'string', bodyLimit: importBodyLimitBytes }, (_request, body, done) => done(null, body));
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: importBodyLimitBytes }, (_request, body, done) => done(null, body));

    const run = { permission: 'imports.run', audit: { action: 'import.run', entityType: 'import_run' } } as const;
    const read = { permission: 'imports.run', audit: { action: 'import.read', entityType: 'import_run' } } as const;

    scope.post('/api/imports/csv', { bodyLimit: importBodyLimitBytes, config: { access: run } }, async (request) => {
      const q = parse(csvQuery, request.query, 'Query');
      const body = request.body;
      if (typeof body !== 'string') {
        throw new AppError('invalid_input', `Send the CSV file as the request body with Content-Type text/csv (given: ${request.headers['content-type'] ?? 'no Content-Type'}).`);
      }
      return importCsvRecords(deps, {
        kind: q.kind, source: [body], file: q.file ?? `${q.kind}.csv`, preset: q.preset ?? null, map: q.map, sourceName: q.source ?? null, dryRun: q.dryRun,
        scope: sessionOf(request).user.scope,
      });
    });

    scope.post('/api/imports/fhir', { bodyLimit: importBodyLimitBytes, config: { access: run } }, async (request) => {
      const q = parse(fhirQuery, request.query, 'Query');
      const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const body = typeof request.body === 'string' ? request.body : Buffer.isBuffer(request.body) ? request.body.toString('utf8') : null;
      if (body === null || !['application/json', 'application/fhir+json', 'application/x-ndjson', 'application/ndjson', 'application/fhir+ndjson'].includes(type)) {
        throw new AppError('invalid_input', `Send FHIR R4 as the request body: a Bundle or resource with Content-Type application/fhir+json (or application/json), or bulk NDJSON with application/x-ndjson (given: ${type || 'no Content-Type'}).`);
      }
      const ndjson = type.endsWith('ndjson');
      const file = q.file ?? (ndjson ? 'upload.ndjson' : 'upload.json');
      const events = ndjson ? readNdjson(Readable.from([body]), file) : readFhirJson(body, file);
      return importFhirRecords(deps, { events, sourceName: q.source ?? null, dryRun: q.dryRun, scope: sessionOf(request).user.scope });
    });

    scope.get('/api/imports/:id', { config: { access: read } }, async (request) => {
      const { id } = parse(runParams, request.params, 'Path');
      return readImportRun(deps, Number(id), { scope: sessionOf(request).user.scope });
    });

    scope.get('/api/imports/:id/rejected.csv', { config: { access: read } }, async (request, reply) => {
      const { id } = parse(runParams, request.params, 'Path');
      const rows = writeRejectedRows(deps, Number(id), { scope: sessionOf(request).user.scope });
      // Pull the first chunk before answering, so an unknown run is a 404 rather than a broken stream.
      const first = await rows.next();
      const rest = async function* () {
        if (!first.done) yield first.value;
        yield* rows;
      };
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${id}-rejected.csv"`)
        .send(Readable.from(rest()));
    });
  });
}
