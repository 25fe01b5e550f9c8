import { useCase } from '@kessai/platform';
import type { Scope } from '../domain/entities';
import type { RecipientStatus } from '../domain/types';
import { ledgerOpsStore } from '../db/ledger-ops-store';
import { ordersStore } from '../db/orders-store';
import { recipientsStore } from '../db/recipients-store';
import { transfersStore } from '../db/transfers-store';
import type { RemittanceDeps } from './deps';
import { orderEvent, transferEvent } from './events';
import { closeIfDone, orderView, scopedOrder } from './order-support';
import type { OrderView } from './views';

/** Recipients a cancel still reaches: nothing of theirs is with the bank. */
const CANCELLABLE: RecipientStatus[] = ['pending', 'awaiting_registration', 'waiting_for_funds', 'held_for_review', 'failed'];

/**
 * Cancels an order: every recipient whose money is not with the bank is
 * cancelled and its earmarked share released — also a scheduled recipient
 * whose transfer is not yet in a file (the transfer ends `failed` with
 * failure code `cancelled`, never sent); transfers already in a file run on; a draft (or an order still waiting for
 * funds) becomes `cancelled`, a funded one closes once its last transfers end.
 */
export function cancelOrder(deps: RemittanceDeps, cmd: { scope: Scope; requestId: string; orderId: string }): Promise<OrderView> {
  return useCase('remittance.cancel_order', async () => {
    const view = await deps.dataSource.transaction(async (tx) => {
      const order = await scopedOrder(tx, cmd.scope, cmd.orderId, true);
      if (order.status === 'cancelled' || order.status === 'closed') return orderView(tx, order);
      const now = deps.clock.now();
      for (const r of await recipientsStore.ofOrder(tx, order.id, { lock: true })) {
        if (r.status === 'scheduled' && r.transferId) {
          const t = await transfersStore.get(tx, r.transferId, true);
          if (!t || t.status !== 'scheduled') continue; // in a file: the bank decides
          t.status = 'failed';
          t.failureCode = 'cancelled';
          t.settledAt = now;
          await transfersStore.save(tx, t);
          await deps.outbox.add(tx, [transferEvent('failed', t, now)]);
          if (t.holdId) {
            await ledgerOpsStore.add(tx, { idempotencyKey: `transfer:${t.id}:release`, livemode: t.livemode, kind: 'release', holdId: t.holdId, merchantId: t.merchantId, amount: t.amount, description: `cancelled transfer ${t.id}` }, now);
          }
          r.status = 'cancelled';
          r.held = false;
          r.transferId = null;
          r.transferDate = null;
          r.nextContactAt = null;
          r.updatedAt = now;
          await recipientsStore.save(tx, r);
          continue;
        }
        if (!CANCELLABLE.includes(r.status)) continue;
        if (r.held && r.holdId) {
          await ledgerOpsStore.add(tx, { idempotencyKey: `recipient:${r.id}:cancel:${r.earmarkRound}`, livemode: r.livemode, kind: 'release', holdId: r.holdId, merchantId: r.merchantId, amount: r.amount, description: `cancelled recipient ${r.id}` }, now);
        }
        r.status = 'cancelled';
        r.held = false;
        r.nextContactAt = null;
        r.updatedAt = now;
        await recipientsStore.save(tx, r);
      }
      if (order.status === 'funded') {
        await closeIfDone(deps, tx, order.id, now);
      } else {
        order.status = 'cancelled';
        order.cancelledAt = now;
        order.updatedAt = now;
        await ordersStore.save(tx, order);
        await deps.outbox.add(tx, [orderEvent('cancelled', order, now)]);
      }
      return orderView(tx, (await ordersStore.get(tx, order.id))!);
    });
    deps.eventsCommitted();
    deps.kickLedgerOps();
    return view;
  }, { livemode: cmd.scope.livemode });
}
