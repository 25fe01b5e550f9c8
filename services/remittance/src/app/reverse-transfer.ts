import { merchantScope, newId, NotFoundError, PreconditionError, useCase, ValidationError } from '@kessai/platform';
import type { Reversal, Scope } from '../domain/entities';
import { moneyOutStore } from '../db/money-out-store';
import { transfersStore } from '../db/transfers-store';
import type { RemittanceDeps } from './deps';
import { billableEvent } from './events';

/**
 * Asks the bank to recall (組戻し) a transfer that succeeded. The request is
 * sent by the upload job; when the bank completes it the amount comes back to
 * the deposit (`remittance.transfer.reversed`). Billable (800 yen) on request.
 */
export function reverseTransfer(deps: RemittanceDeps, cmd: { scope: Scope; requestId: string; transferId: string }): Promise<{ reversal: Reversal; replayed: boolean }> {
  return useCase('remittance.reverse_transfer', async () => {
    if (!cmd.requestId) throw ValidationError.field('request_id', 'required');
    const merchantId = cmd.scope.tenantId || cmd.scope.merchantId;
    const { value, replayed } = await deps.dataSource.transaction(async (tx) => {
      const t = cmd.transferId ? await transfersStore.get(tx, cmd.transferId, true) : undefined;
      if (!t || t.livemode !== cmd.scope.livemode || t.merchantId !== merchantId) throw new NotFoundError('transfer', cmd.transferId);
      return deps.idempotency.run(
        tx,
        { scope: merchantScope('remittance.reversal', t.livemode, merchantId), key: cmd.requestId, operation: 'transfer.reverse', request: { transferId: t.id }, param: 'request_id' },
        async () => {
          if (t.status !== 'succeeded') throw new PreconditionError('transfer_not_succeeded', `only a transfer that succeeded can be recalled; it is ${t.status}`);
          if (await moneyOutStore.reversalOfTransfer(tx, t.id)) throw new PreconditionError('reversal_exists', 'this transfer already has a reversal');
          const now = deps.clock.now();
          const rev: Reversal = { id: newId('rev', now.getTime()), livemode: t.livemode, merchantId, transferId: t.id, amount: t.amount, status: 'requested', requestedAt: null, createdAt: now, completedAt: null };
          await moneyOutStore.insertReversal(tx, rev);
          await deps.outbox.add(tx, [billableEvent('reversal', t, now)]);
          return rev.id;
        },
      );
    });
    if (!replayed) deps.eventsCommitted();
    return { reversal: (await moneyOutStore.reversal(deps.dataSource, value))!, replayed };
  }, { livemode: cmd.scope.livemode });
}
