/** GET /api/patients/:patient/card: the case screen's patient card (identity, contact points with consents and warnings, attempts, household). */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../use-cases/deps.js';
import { readPatientCard } from '../../use-cases/read-patient-card.js';
import { sessionOf } from '../route-access.js';

export async function registerPatientCardRoutes(server: FastifyInstance, deps: Deps): Promise<void> {
  server.get<{ Params: { patient: string } }>(
    '/api/patients/:patient/card',
    { config: { access: { permission: 'patients.read', audit: { action: 'patient.view', patientParam: 'patient' } } } },
    async (request) => {
      const card = await readPatientCard(deps, { patient: request.params.patient, scope: sessionOf(request).user.scope });
      request.auditPatientId = card.recareId;
      return card;
    },
  );
}
