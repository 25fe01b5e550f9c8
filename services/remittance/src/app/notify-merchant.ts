import { notificationV1, remittanceEventsV1 } from '@kessai/contracts';
import { type EventEnvelope, useCase } from '@kessai/platform';
import { ordersStore } from '../db/orders-store';
import type { Queryable } from '../db/queryable';
import type { RemittanceDeps } from './deps';

/**
 * The merchant's email about an order (docs/reference/remittance.md#merchant-notices):
 * the shortfall when it waits for funds (`remittance.order.waiting_for_funds`,
 * with the amount of that event), the results when it closes
 * (`remittance.order.closed`: paid and returned, counts and yen). This service
 * consumes its own events through the inbox; the notification request id is
 * the event id plus the address, so a redelivered event, a retry after a crash
 * or a second replica sends nothing new. To every contact address of the
 * merchant (none: nothing to send).
 */
export function notifyMerchant(deps: RemittanceDeps, q: Queryable, envelope: EventEnvelope): Promise<{ emails: string[] }> {
  return useCase('remittance.notify_merchant', async () => {
    const { emails } = await send(deps, q, envelope);
    if (emails.length && deps.settings.fault === 'after-notice') {
      deps.logger.warn({ order_event: envelope.type }, 'fault injection: SIGKILL after the merchant email was queued, before the event is marked processed');
      process.kill(process.pid, 'SIGKILL');
    }
    return { emails };
  }, { order_event: envelope.type });
}

async function send(deps: RemittanceDeps, q: Queryable, envelope: EventEnvelope): Promise<{ emails: string[] }> {
  const p = remittanceEventsV1.OrderChanged.decode(envelope.payload);
  const order = await ordersStore.get(q, p.orderId);
  if (!order) return { emails: [] };
  const api = deps.settings.merchantApiUrl.replace(/\/$/, '');
  const base = { requestId: `remittance-notice:${envelope.id}`, livemode: order.livemode, merchantId: order.merchantId, reference: order.id };
  if (envelope.type === 'remittance.order.waiting_for_funds') {
    const emails = await deps.mailer.toContacts({
      ...base,
      kind: notificationV1.MessageKind.MESSAGE_KIND_REMITTANCE_SHORTFALL,
      amount: p.shortfallAmount,
      variables: { order_id: order.id, order_name: order.settings.purpose, total_amount: String(p.totalAmount), link: `${api}/v1/remittance_orders/${order.id}` },
    });
    return { emails };
  }
  const counts = await ordersStore.counts(q, order.id);
  const paidCount = counts.byStatus.paid ?? 0;
  const emails = await deps.mailer.toContacts({
    ...base,
    kind: notificationV1.MessageKind.MESSAGE_KIND_REMITTANCE_RESULTS,
    variables: {
      order_id: order.id,
      order_name: order.settings.purpose,
      paid_count: String(paidCount),
      paid_amount: String(counts.paidAmount),
      returned_count: String(order.recipientCount - paidCount),
      returned_amount: String(order.totalAmount - counts.paidAmount),
      link: `${api}/v1/remittance_orders/${order.id}/results`,
    },
  });
  return { emails };
}
