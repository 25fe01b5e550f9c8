import { merchantScope, newId, useCase, ValidationError } from '@kessai/platform';
import type { Order, Scope } from '../domain/entities';
import { validateOrderSettings } from '../domain/order';
import type { OrderSettings } from '../domain/types';
import { ordersStore } from '../db/orders-store';
import type { RemittanceDeps } from './deps';
import { orderView } from './order-support';
import type { OrderView } from './views';

export interface CreateOrder {
  scope: Scope;
  requestId: string;
  settings: Partial<OrderSettings>;
  merchantName: string;
  guideText: string;
  reference: string;
}

/** Registers a remittance order as a draft (docs/reference/remittance.md#the-flow). */
export function createOrder(deps: RemittanceDeps, cmd: CreateOrder): Promise<OrderView & { replayed: boolean }> {
  return useCase('remittance.create_order', async () => {
    if (!cmd.requestId) throw ValidationError.field('request_id', 'required');
    const settings = validateOrderSettings(cmd.settings, cmd.merchantName);
    const { scope, requestId, ...request } = cmd;
    const merchantId = scope.tenantId || scope.merchantId;
    const { value: id, replayed } = await deps.dataSource.transaction((tx) =>
      deps.idempotency.run(
        tx,
        { scope: merchantScope('remittance.order.create', scope.livemode, merchantId), key: requestId, operation: 'order.create', request, param: 'request_id' },
        async () => {
          const now = deps.clock.now();
          const order: Order = {
            id: newId('rmo', now.getTime()),
            livemode: scope.livemode,
            merchantId,
            ownerId: scope.tenantId ? scope.merchantId : '',
            merchantName: cmd.merchantName.trim(),
            settings,
            guideText: cmd.guideText.trim(),
            reference: cmd.reference.trim(),
            status: 'draft',
            recipientCount: 0,
            totalAmount: 0,
            shortfallAmount: 0,
            holdId: null,
            registrationDeadline: null,
            createdAt: now,
            updatedAt: now,
            approvedAt: null,
            fundedAt: null,
            closedAt: null,
            cancelledAt: null,
          };
          await ordersStore.insert(tx, order);
          return order.id;
        },
      ),
    );
    if (!replayed) deps.metrics.ordersCreated(scope.livemode);
    const order = (await ordersStore.get(deps.dataSource, id))!;
    return { ...(await orderView(deps.dataSource, order)), replayed };
  }, { livemode: cmd.scope.livemode });
}
