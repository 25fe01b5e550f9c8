import { page, pageSize, useCase } from '@kessai/platform';
import { listEndpoints as listEndpointRows } from '../db/endpoint-store';
import type { EndpointRecord } from '../domain/records';
import type { WebhookDeps } from './deps';

export interface EndpointListRequest {
  merchantId: string;
  livemode: boolean;
  /** 0 = the default page size */
  limit: number;
  startingAfter: string;
}

/** A merchant's endpoints in one mode, newest first (deleted ones are gone). */
export function listEndpoints(deps: Pick<WebhookDeps, 'dataSource'>, req: EndpointListRequest): Promise<{ items: EndpointRecord[]; hasMore: boolean }> {
  return useCase(
    'webhook.list_endpoints',
    async () => {
      const size = pageSize(req.limit, 'limit');
      return page(await listEndpointRows(deps.dataSource, req.merchantId, req.livemode, req.startingAfter, size + 1), size);
    },
    { livemode: req.livemode },
  );
}
