import { NotFoundError } from '@kessai/platform';
import type { Order, Scope } from '../domain/entities';
import { orderShouldClose } from '../domain/order';
import { ordersStore } from '../db/orders-store';
import type { Queryable } from '../db/queryable';
import { orderEvent } from './events';
import type { RemittanceDeps } from './deps';
import type { OrderView } from './views';

/** The order if the scope may see it, else not found (never "forbidden"). */
export async function scopedOrder(q: Queryable, scope: Scope, orderId: string, lock = false): Promise<Order> {
  const order = orderId ? await ordersStore.getScoped(q, scope, orderId, lock) : undefined;
  if (!order) throw new NotFoundError('order', orderId);
  return order;
}

export async function orderView(q: Queryable, order: Order): Promise<OrderView> {
  return { order, counts: await ordersStore.counts(q, order.id) };
}

/** Closes a funded order whose recipients are all paid, cancelled or expired (the retention clock starts). */
export async function closeIfDone(deps: RemittanceDeps, q: Queryable, orderId: string, now: Date): Promise<boolean> {
  const order = await ordersStore.get(q, orderId, true);
  if (!order) return false;
  const counts = await ordersStore.counts(q, orderId);
  if (!orderShouldClose(order.status, counts.byStatus as Record<string, number>)) return false;
  order.status = 'closed';
  order.closedAt = now;
  order.updatedAt = now;
  await ordersStore.save(q, order);
  await deps.outbox.add(q, [orderEvent('closed', order, now)]);
  return true;
}
