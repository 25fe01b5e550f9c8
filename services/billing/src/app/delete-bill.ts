import { IdempotentCommand, merchantScope, NotFoundError, requestHash, useCase } from '@kessai/platform';
import { assertChangeable, billableUnpaid } from '../domain/bill';
import { findBill, findBillInScope, markBillDeleted } from '../db/bill-store';
import { paymentsTakingMoney } from '../db/payment-store';
import type { BillingDeps } from './deps';
import { billEvent } from './events';
import { reviveBill } from './revive-bill';
import type { BillRecord, Scope } from './types';

/** The idempotent command of a DeleteBill (request digest as billing.bill_requests held it; see update-bill.ts). */
export function deleteBillCommand(scope: Scope, billId: string, requestId: string): IdempotentCommand {
  return {
    scope: merchantScope('bill.delete', scope.livemode, scope.merchantId),
    key: requestId,
    operation: 'bill.delete',
    request: requestHash({ scope, billId }),
    param: 'request_id',
  };
}

/** Until the bill is paid; a deleted bill keeps its numbers (never reused). Idempotent by request id (when given). */
export function deleteBill(deps: BillingDeps, scope: Scope, billId: string, requestId = ''): Promise<BillRecord> {
  return useCase('billing.delete_bill', async () => {
    const now = deps.clock.now();
    let changed = false;
    const bill = await deps.dataSource.transaction(async (tx) => {
      const work = async (): Promise<BillRecord> => {
        const current = await findBillInScope(tx, scope, billId, { lock: true });
        if (!current) throw new NotFoundError('bill', billId);
        if (current.status === 'deleted') return current;
        assertChangeable(current.status, 'delete');
        await markBillDeleted(tx, billId, now);
        const deleted = (await findBill(tx, billId))!;
        const money = await paymentsTakingMoney(tx, [billId]);
        await deps.outbox.add(tx, [billEvent('billing.bill.deleted', deleted, now, billableUnpaid(money.get(billId) ?? 0))]);
        changed = true;
        return deleted;
      };
      if (!requestId) return work();
      return (await deps.idempotency.run(tx, deleteBillCommand(scope, billId, requestId), work, reviveBill)).value;
    });
    if (changed) deps.eventsCommitted();
    return bill;
  }, { livemode: scope.livemode, merchant_id: scope.merchantId, bill_id: billId });
}
