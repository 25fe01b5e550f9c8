import { useCase } from '@kessai/platform';
import { failPendingDeliveries } from '../db/delivery-store';
import { markEndpointDeleted } from '../db/endpoint-store';
import type { EndpointRecord } from '../domain/records';
import type { WebhookDeps } from './deps';
import { requireEndpoint } from './get-endpoint';

/** Deletes the merchant's endpoint; its pending deliveries fail. */
export function deleteEndpoint(deps: Pick<WebhookDeps, 'dataSource'>, merchantId: string, livemode: boolean, id: string): Promise<EndpointRecord> {
  return useCase(
    'webhook.delete_endpoint',
    async () => {
      const db = deps.dataSource;
      await requireEndpoint(db, merchantId, livemode, id);
      const row = await markEndpointDeleted(db, id);
      await failPendingDeliveries(db, id);
      return row;
    },
    { livemode },
  );
}
