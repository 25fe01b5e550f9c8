import { NotFoundError, PreconditionError, useCase } from '@kessai/platform';
import type { Recipient, Scope } from '../domain/entities';
import { ledgerOpsStore } from '../db/ledger-ops-store';
import { recipientsStore } from '../db/recipients-store';
import type { RemittanceDeps } from './deps';
import { closeIfDone } from './order-support';
import { scheduleRecipient } from './recipient-support';

/** The merchant's decision on a recipient held for review (a possible split at registration). */
export function reviewRecipient(deps: RemittanceDeps, cmd: { scope: Scope; requestId: string; recipientId: string; approve: boolean }): Promise<Recipient> {
  return useCase('remittance.review_recipient', async () => {
    const out = await deps.dataSource.transaction(async (tx) => {
      const r = cmd.recipientId ? await recipientsStore.getScoped(tx, cmd.scope, cmd.recipientId, true) : undefined;
      if (!r) throw new NotFoundError('recipient', cmd.recipientId);
      if (r.status !== 'held_for_review') {
        if ((cmd.approve && ['scheduled', 'sent', 'paid'].includes(r.status)) || (!cmd.approve && r.status === 'cancelled')) return r; // already decided
        throw new PreconditionError('recipient_not_held', `the recipient is ${r.status}`);
      }
      const now = deps.clock.now();
      if (cmd.approve) {
        if (r.held) await scheduleRecipient(deps, tx, r, now);
        else {
          r.status = 'waiting_for_funds';
          r.updatedAt = now;
          await recipientsStore.save(tx, r);
        }
      } else {
        if (r.held && r.holdId) {
          await ledgerOpsStore.add(tx, { idempotencyKey: `recipient:${r.id}:cancel:${r.earmarkRound}`, livemode: r.livemode, kind: 'release', holdId: r.holdId, merchantId: r.merchantId, amount: r.amount, description: `cancelled recipient ${r.id}` }, now);
        }
        r.status = 'cancelled';
        r.held = false;
        r.updatedAt = now;
        await recipientsStore.save(tx, r);
        await closeIfDone(deps, tx, r.orderId, now);
      }
      return (await recipientsStore.get(tx, r.id))!;
    });
    deps.eventsCommitted();
    deps.kickLedgerOps();
    return out;
  }, { livemode: cmd.scope.livemode });
}
