import { NotFoundError, useCase } from '@kessai/platform';
import { findEndpoint } from '../db/endpoint-store';
import type { Tx } from '../db/tx';
import type { EndpointRecord } from '../domain/records';
import type { WebhookDeps } from './deps';

/** Scoped by merchant and mode: another merchant's endpoint is simply not found. */
export async function requireEndpoint(tx: Tx, merchantId: string, livemode: boolean, id: string): Promise<EndpointRecord> {
  const row = await findEndpoint(tx, merchantId, livemode, id);
  if (!row) throw new NotFoundError('webhook_endpoint', id);
  return row;
}

export function getEndpoint(deps: Pick<WebhookDeps, 'dataSource'>, merchantId: string, livemode: boolean, id: string): Promise<EndpointRecord> {
  return useCase('webhook.get_endpoint', () => requireEndpoint(deps.dataSource, merchantId, livemode, id), { livemode });
}
