import { NotFoundError, useCase } from '@kessai/platform';
import { findEventInScope } from '../db/event-store';
import type { EventRecord } from '../domain/records';
import type { WebhookDeps } from './deps';

/** One public event the merchant may see (its own or a tenant's); any other is not found. */
export function getEvent(deps: Pick<WebhookDeps, 'dataSource'>, merchantId: string, livemode: boolean, id: string): Promise<EventRecord> {
  return useCase(
    'webhook.get_event',
    async () => {
      const row = await findEventInScope(deps.dataSource, merchantId, livemode, id);
      if (!row) throw new NotFoundError('event', id);
      return row;
    },
    { livemode },
  );
}
