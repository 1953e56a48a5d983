/**
 * Message templates for managers: list, read one, save one (checked by the template linter; nothing
 * stored on any finding), and preview text for a sample patient with its SMS segment count.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../use-cases/deps.js';
import { readTemplate } from '../../use-cases/read-template.js';
import { readTemplates } from '../../use-cases/read-templates.js';
import { saveMessageTemplate } from '../../use-cases/save-message-template.js';
import { previewTemplate } from '../../use-cases/preview-template.js';
import { parseBody } from '../parse-input.js';
import { sessionOf } from '../route-access.js';

const saveBody = z.object({
  channel: z.string().max(20).optional(),
  subject: z.string().max(1000).nullable().optional(),
  body: z.string().max(20_000, 'at most 20,000 characters'),
  recordingUrl: z.string().max(2000).nullable().optional(),
  expectedUpdatedAt: z.iso.datetime({ offset: true, error: 'must be the updatedAt the template was loaded with, e.g. 2026-11-24T15:00:00.000Z' }).optional(),
});
const previewBody = z.object({
  key: z.string().max(64).optional(),
  language: z.string().max(8),
  channel: z.string().max(20).optional(),
  subject: z.string().max(1000).nullable().optional(),
  body: z.string().max(20_000, 'at most 20,000 characters').optional(),
  location: z.string().max(64).optional(),
});

export async function registerTemplateRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get('/api/templates', { config: { access: { permission: 'programs.manage' } } }, async () => readTemplates(deps));

  server.get<{ Params: { key: string; language: string } }>('/api/templates/:key/:language', { config: { access: { permission: 'programs.manage' } } },
    async (request) => readTemplate(deps, request.params.key, request.params.language));

  server.put<{ Params: { key: string; language: string } }>(
    '/api/templates/:key/:language',
    { config: { access: { permission: 'programs.manage', audit: { action: 'template.save', entityType: 'message_template' } } } },
    async (request) => {
      const body = parseBody(saveBody, request.body);
      return saveMessageTemplate(deps, {
        key: request.params.key, language: request.params.language, channel: body.channel ?? null, subject: body.subject ?? null, body: body.body,
        expectedUpdatedAt: body.expectedUpdatedAt ? new Date(body.expectedUpdatedAt) : null, actorUserId: sessionOf(request).user.id,
        ...(body.recordingUrl !== undefined ? { recordingUrl: body.recordingUrl } : {}),
      });
    },
  );

  server.post('/api/templates/preview', { config: { access: { permission: 'programs.manage' } } }, async (request) => {
    const body = parseBody(previewBody, request.body);
    return previewTemplate(deps, {
      key: body.key ?? null, language: body.language, channel: body.channel ?? null, subject: body.subject ?? null, body: body.body ?? null,
      location: body.location ?? null, scope: sessionOf(request).user.scope,
    });
  });
}
