import { PAGE_SIZE_MAX, useCase } from '@kessai/platform';
import { listDeliveries as listDeliveryRows, withAttempts } from '../db/delivery-store';
import type { DeliveryWithAttempts } from '../domain/records';
import type { WebhookDeps } from './deps';
import { requireEndpoint } from './get-endpoint';

/**
 * The delivery log of one of the merchant's endpoints (optionally of one
 * event), newest first, with every attempt: the most recent page only (the
 * request has no cursor).
 */
export function listDeliveries(
  deps: Pick<WebhookDeps, 'dataSource'>,
  req: { merchantId: string; livemode: boolean; endpointId: string; eventId: string },
): Promise<DeliveryWithAttempts[]> {
  return useCase(
    'webhook.list_deliveries',
    async () => {
      const db = deps.dataSource;
      await requireEndpoint(db, req.merchantId, req.livemode, req.endpointId);
      return withAttempts(db, await listDeliveryRows(db, req.endpointId, req.eventId, PAGE_SIZE_MAX));
    },
    { livemode: req.livemode },
  );
}
