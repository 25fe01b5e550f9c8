import { tokyoDate } from '@kessai/bank-calendar';
import { useCase } from '@kessai/platform';
import type { RecipientStatus } from '../domain/types';
import { ledgerOpsStore } from '../db/ledger-ops-store';
import { ordersStore } from '../db/orders-store';
import { recipientsStore } from '../db/recipients-store';
import type { RemittanceDeps } from './deps';
import { recipientEvent } from './events';
import { closeIfDone } from './order-support';

const EXPIRABLE: RecipientStatus[] = ['awaiting_registration', 'failed', 'waiting_for_funds', 'held_for_review'];

/**
 * After an order's registration deadline, recipients who never got an
 * account through expire: their share of the hold is released to the
 * available balance and the merchant is told (`remittance.recipient.expired`).
 */
export function expireRecipients(deps: RemittanceDeps): Promise<{ expired: number; closed: number }> {
  return useCase('remittance.expire_recipients', async () => {
    let expired = 0;
    let closed = 0;
    for (const orderId of await ordersStore.pastDeadline(deps.dataSource, tokyoDate(deps.clock.now()))) {
      await deps.dataSource.transaction(async (tx) => {
        const now = deps.clock.now();
        const order = (await ordersStore.get(tx, orderId, true))!;
        for (const r of await recipientsStore.ofOrder(tx, orderId, { lock: true })) {
          if (!EXPIRABLE.includes(r.status)) continue;
          if (r.held && r.holdId) {
            await ledgerOpsStore.add(tx, { idempotencyKey: `recipient:${r.id}:expire:${r.earmarkRound}`, livemode: r.livemode, kind: 'release', holdId: r.holdId, merchantId: r.merchantId, amount: r.amount, description: `expired recipient ${r.id}` }, now);
          }
          r.status = 'expired';
          r.held = false;
          r.nextContactAt = null;
          r.code = null;
          r.updatedAt = now;
          await recipientsStore.save(tx, r);
          await deps.outbox.add(tx, [recipientEvent('expired', r, now, [], order.ownerId)]);
          expired++;
        }
        if (await closeIfDone(deps, tx, orderId, now)) closed++;
      });
    }
    if (expired || closed) {
      deps.eventsCommitted();
      deps.kickLedgerOps();
    }
    return { expired, closed };
  });
}
