import { useCase } from '@kessai/platform';
import type { Order, Recipient } from '../domain/entities';
import { ordersStore } from '../db/orders-store';
import { recipientsStore } from '../db/recipients-store';
import type { RemittanceDeps } from './deps';
import { orderEvent } from './events';
import { tryHold } from './ledger-calls';
import { scheduleRecipient, startContactRound } from './recipient-support';

/**
 * Places the hold of an approved order (docs/reference/remittance.md#earmarks).
 * Funded: the order's recipients are earmarked, full-service outreach starts,
 * transfer-only recipients are scheduled. Short: the order waits for funds
 * with its shortfall (event with the amount). Returns whether it is funded.
 */
export async function fundOrder(deps: RemittanceDeps, orderId: string): Promise<boolean> {
  const order = await ordersStore.get(deps.dataSource, orderId);
  if (!order || (order.status !== 'approving' && order.status !== 'waiting_for_funds')) return order?.status === 'funded';
  const result = await tryHold(deps, {
    key: `order:${order.id}:hold`,
    livemode: order.livemode,
    merchantId: order.merchantId,
    amount: order.totalAmount,
    reference: order.id,
    description: `remittance order ${order.id}`,
  });
  await deps.dataSource.transaction(async (tx) => {
    const o = (await ordersStore.get(tx, orderId, true))!;
    if (o.status !== 'approving' && o.status !== 'waiting_for_funds') return;
    const now = deps.clock.now();
    if ('shortfall' in result) {
      const changed = o.status !== 'waiting_for_funds' || o.shortfallAmount !== result.shortfall;
      o.status = 'waiting_for_funds';
      o.shortfallAmount = result.shortfall;
      o.updatedAt = now;
      await ordersStore.save(tx, o);
      if (changed) await deps.outbox.add(tx, [orderEvent('waiting_for_funds', o, now)]);
      return;
    }
    o.status = 'funded';
    o.holdId = result.holdId;
    o.shortfallAmount = 0;
    o.fundedAt = now;
    o.updatedAt = now;
    await ordersStore.save(tx, o);
    await deps.outbox.add(tx, [orderEvent('funded', o, now)]);
    const contacted: Recipient[] = [];
    for (const r of await recipientsStore.ofOrder(tx, o.id, { lock: true })) {
      if (r.status !== 'pending') continue;
      r.held = true;
      r.holdId = result.holdId;
      r.fundsConfirmedAt = now;
      r.updatedAt = now;
      if (o.settings.mode === 'transfer_only') {
        r.registeredAt = o.approvedAt;
        await scheduleRecipient(deps, tx, r, now);
      } else {
        r.status = 'awaiting_registration';
        startContactRound(r, now);
        contacted.push(r);
      }
    }
    await recipientsStore.saveMany(tx, contacted);
  });
  deps.eventsCommitted();
  return !('shortfall' in result);
}

/** Re-earmarks one recipient's share after a failed transfer and a corrected account. */
export async function fundRecipient(deps: RemittanceDeps, recipientId: string): Promise<boolean> {
  const r = await recipientsStore.get(deps.dataSource, recipientId);
  if (!r || r.status !== 'waiting_for_funds') return false;
  const round = r.earmarkRound + 1;
  const result = await tryHold(deps, {
    key: `recipient:${r.id}:hold:${round}`,
    livemode: r.livemode,
    merchantId: r.merchantId,
    amount: r.amount,
    reference: r.orderId,
    description: `remittance recipient ${r.id} (again)`,
  });
  if ('shortfall' in result) return false;
  await deps.dataSource.transaction(async (tx) => {
    const x = (await recipientsStore.get(tx, recipientId, true))!;
    if (x.status !== 'waiting_for_funds') return;
    const now = deps.clock.now();
    x.held = true;
    x.holdId = result.holdId;
    x.earmarkRound = round;
    x.fundsConfirmedAt = now;
    x.status = 'awaiting_registration';
    await scheduleRecipient(deps, tx, x, now);
  });
  deps.eventsCommitted();
  return true;
}

/**
 * Tries every order waiting for funds, in approval order per merchant: once
 * one is still short, that merchant's later orders wait behind it. Then the
 * recipients waiting to be earmarked again. Run when a deposit is posted and
 * on a schedule.
 */
export function fundWaiting(deps: RemittanceDeps, filter: { livemode?: boolean; merchantId?: string } = {}): Promise<{ funded: number; waiting: number }> {
  return useCase('remittance.fund_waiting', async () => {
    const blocked = new Set<string>();
    let funded = 0;
    let waiting = 0;
    const orders: Order[] = await ordersStore.waitingForFunds(deps.dataSource, filter);
    for (const o of orders) {
      const key = `${o.livemode}:${o.merchantId}`;
      if (blocked.has(key)) {
        waiting++;
        continue;
      }
      if (await fundOrder(deps, o.id)) funded++;
      else {
        blocked.add(key);
        waiting++;
      }
    }
    for (const id of await recipientsStore.waitingForFunds(deps.dataSource, filter)) {
      if (await fundRecipient(deps, id)) funded++;
      else waiting++;
    }
    return { funded, waiting };
  });
}

