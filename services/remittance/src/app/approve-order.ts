import { merchantScope, useCase, ValidationError } from '@kessai/platform';
import type { Scope } from '../domain/entities';
import { checkDeadline, resolveDeadline } from '../domain/order';
import { ordersStore } from '../db/orders-store';
import type { RemittanceDeps } from './deps';
import { orderEvent } from './events';
import { fundOrder } from './fund-orders';
import { orderView, scopedOrder } from './order-support';
import type { OrderView } from './views';

/**
 * Approves a draft order (docs/reference/remittance.md#earmarks): the
 * approval is recorded first (its time is its place in the queue for
 * funds), then the hold for the total is placed — or the order waits for
 * funds. A crash between the two leaves it `approving`, which the funding job
 * finishes.
 */
export function approveOrder(deps: RemittanceDeps, cmd: { scope: Scope; requestId: string; orderId: string }): Promise<OrderView & { replayed: boolean }> {
  return useCase('remittance.approve_order', async () => {
    if (!cmd.requestId) throw ValidationError.field('request_id', 'required');
    const { value: orderId, replayed } = await deps.dataSource.transaction(async (tx) => {
      const order = await scopedOrder(tx, cmd.scope, cmd.orderId, true);
      return deps.idempotency.run(
        tx,
        { scope: merchantScope('remittance.order.approve', order.livemode, order.merchantId), key: cmd.requestId, operation: 'order.approve', request: { orderId: order.id }, param: 'request_id' },
        async () => {
          if (order.status !== 'draft') throw new ValidationError([{ field: 'order_id', description: `the order is already ${order.status}` }], 'order_not_draft');
          if (order.recipientCount === 0) throw ValidationError.field('order_id', 'the order has no recipients', 'no_recipients');
          if (order.settings.mode === 'full_service' && !order.guideText && !order.settings.defaultMessage) {
            throw ValidationError.field('guide_text', 'register the guide text (or a default message) before approving', 'guide_required');
          }
          const now = deps.clock.now();
          const deadline = resolveDeadline(order.settings, now);
          checkDeadline(deadline, now);
          order.status = 'approving';
          order.approvedAt = now;
          order.registrationDeadline = deadline;
          order.updatedAt = now;
          await ordersStore.save(tx, order);
          await deps.outbox.add(tx, [orderEvent('approved', order, now)]);
          return order.id;
        },
      );
    });
    if (!replayed) deps.eventsCommitted();
    const funded = await fundOrder(deps, orderId);
    if (!replayed) deps.metrics.ordersApproved(funded ? 'funded' : 'waiting_for_funds');
    const order = (await ordersStore.get(deps.dataSource, orderId))!;
    return { ...(await orderView(deps.dataSource, order)), replayed };
  }, { livemode: cmd.scope.livemode });
}
