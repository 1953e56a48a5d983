/** The practice-system connections, as shown to administrators (no keys: see connector-view.ts). */
import { findConnector } from '../../db/queries/practice-connectors.js';
import type { Deps } from '../deps.js';
import { connectorView, type ConnectorView } from './connector-view.js';

export async function readConnectors(deps: Pick<Deps, 'store'>): Promise<ConnectorView[]> {
  const openDental = await findConnector(deps.store.db, 'open_dental');
  return openDental ? [connectorView(openDental)] : [];
}
