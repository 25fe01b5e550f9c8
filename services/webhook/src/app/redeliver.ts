import { newId, NotFoundError, useCase, ValidationError } from '@kessai/platform';
import { insertDelivery, withAttempts } from '../db/delivery-store';
import { findEventInScope } from '../db/event-store';
import type { DeliveryWithAttempts } from '../domain/records';
import type { WebhookDeps } from './deps';
import { requireEndpoint } from './get-endpoint';

/** Manual redelivery: a new delivery of the event, due now (the endpoint must be enabled). */
export function redeliver(
  deps: Pick<WebhookDeps, 'dataSource' | 'clock' | 'wake'>,
  req: { merchantId: string; livemode: boolean; endpointId: string; eventId: string },
): Promise<DeliveryWithAttempts> {
  return useCase(
    'webhook.redeliver',
    async () => {
      const db = deps.dataSource;
      const endpoint = await requireEndpoint(db, req.merchantId, req.livemode, req.endpointId);
      const event = await findEventInScope(db, req.merchantId, req.livemode, req.eventId);
      if (!event) throw new NotFoundError('event', req.eventId);
      if (endpoint.status !== 'enabled') throw ValidationError.field('endpoint', 'is disabled; create a new endpoint to receive events again', 'endpoint_disabled');
      const now = deps.clock.now();
      const row = await insertDelivery(db, { id: newId('dlv', now.getTime()), eventId: event.id, endpointId: endpoint.id }, now);
      deps.wake();
      return (await withAttempts(db, [row]))[0];
    },
    { livemode: req.livemode },
  );
}
