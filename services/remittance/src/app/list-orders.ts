import { page, pageSize, useCase } from '@kessai/platform';
import type { Scope } from '../domain/entities';
import type { OrderStatus } from '../domain/types';
import { ordersStore } from '../db/orders-store';
import type { RemittanceDeps } from './deps';
import { orderView } from './order-support';
import type { OrderView } from './views';

/** Orders newest first (docs/pagination.md). */
export function listOrders(deps: RemittanceDeps, q: { scope: Scope; status?: OrderStatus; pageSize?: number; startingAfter?: string }): Promise<{ orders: OrderView[]; hasMore: boolean }> {
  return useCase('remittance.list_orders', async () => {
    const size = pageSize(q.pageSize);
    const rows = await ordersStore.list(deps.dataSource, q.scope, { status: q.status, startingAfter: q.startingAfter, limit: size + 1 });
    const { items, hasMore } = page(rows, size);
    return { orders: await Promise.all(items.map((o) => orderView(deps.dataSource, o))), hasMore };
  }, { livemode: q.scope.livemode });
}
