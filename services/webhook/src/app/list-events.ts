import { page, pageSize, useCase } from '@kessai/platform';
import { EventFilter, listEventsInScope } from '../db/event-store';
import type { EventRecord } from '../domain/records';
import type { WebhookDeps } from './deps';

/**
 * The public event log a merchant sees, newest first: its own events and its
 * tenants' (app/learn-merchant-owner.ts); `accountId` narrows it to one of them.
 */
export function listEvents(deps: Pick<WebhookDeps, 'dataSource'>, req: EventFilter & { limit: number }): Promise<{ items: EventRecord[]; hasMore: boolean }> {
  return useCase(
    'webhook.list_events',
    async () => {
      const size = pageSize(req.limit, 'limit');
      return page(await listEventsInScope(deps.dataSource, req, size + 1), size);
    },
    { livemode: req.livemode },
  );
}
