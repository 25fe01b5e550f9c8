import { useCase } from '@kessai/platform';
import type { Scope } from '../domain/entities';
import type { RemittanceDeps } from './deps';
import { orderView, scopedOrder } from './order-support';
import type { OrderView } from './views';

export function getOrder(deps: RemittanceDeps, scope: Scope, orderId: string): Promise<OrderView> {
  return useCase('remittance.get_order', async () => orderView(deps.dataSource, await scopedOrder(deps.dataSource, scope, orderId)), { livemode: scope.livemode });
}
