import { IdempotentCommand, merchantScope, NotFoundError, requestHash, useCase } from '@kessai/platform';
import { assertChangeable, validateUpdate } from '../domain/bill';
import { findBill, findBillInScope, updateBillTerms } from '../db/bill-store';
import { setBillMetadata } from '../db/lookup-store';
import type { BillingDeps } from './deps';
import { billEvent } from './events';
import { mergeMetadata } from './metadata';
import { reviveBill } from './revive-bill';
import type { BillRecord, Scope } from './types';

export interface UpdateBillInput {
  amount?: number;
  taxAmount?: number | null;
  dueDate?: string;
  message?: string;
  /** merged into the bill's; an empty value removes the key (app/metadata.ts) */
  metadata?: Record<string, string>;
}

/**
 * The idempotent command of an UpdateBill (its stored response: the bill as
 * the first call left it). The request is the digest billing.bill_requests
 * held, so records copied from there (migration 1764900000500) still match.
 */
export function updateBillCommand(scope: Scope, billId: string, change: UpdateBillInput, requestId: string): IdempotentCommand {
  return {
    scope: merchantScope('bill.update', scope.livemode, scope.merchantId),
    key: requestId,
    operation: 'bill.update',
    // undefined (keep) and null (remove the tax) must hash apart
    request: requestHash({
      scope, billId,
      amount: change.amount ?? 'keep',
      taxAmount: change.taxAmount === undefined ? 'keep' : change.taxAmount === null ? 'clear' : change.taxAmount,
      dueDate: change.dueDate ?? 'keep',
      message: change.message === undefined ? 'keep' : ['set', change.message],
      // only when given, so the digests stored before metadata still match
      metadata: change.metadata && Object.keys(change.metadata).length ? change.metadata : undefined,
    }),
    param: 'request_id',
  };
}

/** Amount, due date, message — any number of times until the bill is paid. Idempotent by request id (when given). */
export function updateBill(deps: BillingDeps, scope: Scope, billId: string, change: UpdateBillInput, requestId = ''): Promise<BillRecord> {
  return useCase('billing.update_bill', async () => {
    const now = deps.clock.now();
    let changed = false;
    const bill = await deps.dataSource.transaction(async (tx) => {
      const work = async (): Promise<BillRecord> => {
        const current = await findBillInScope(tx, scope, billId, { lock: true });
        if (!current) throw new NotFoundError('bill', billId);
        assertChangeable(current.status, 'update');
        validateUpdate(current, change, now);
        const metadata = change.metadata && Object.keys(change.metadata).length ? mergeMetadata(current.metadata, change.metadata) : current.metadata;
        const sameMetadata = JSON.stringify(metadata) === JSON.stringify(current.metadata);
        const same =
          sameMetadata &&
          (change.amount === undefined || change.amount === current.amount) &&
          (change.taxAmount === undefined || change.taxAmount === current.taxAmount) &&
          (change.dueDate === undefined || change.dueDate === current.dueDate) &&
          (change.message === undefined || change.message === current.message);
        if (same) return current;
        if (!sameMetadata) await setBillMetadata(tx, billId, metadata, now);
        await updateBillTerms(tx, billId, {
          amount: change.amount ?? current.amount,
          taxAmount: change.taxAmount !== undefined ? change.taxAmount : current.taxAmount,
          dueDate: change.dueDate ?? current.dueDate,
          message: change.message ?? current.message,
        }, now);
        const updated = (await findBill(tx, billId))!;
        await deps.outbox.add(tx, [billEvent('billing.bill.updated', updated, now)]);
        changed = true;
        return updated;
      };
      if (!requestId) return work();
      return (await deps.idempotency.run(tx, updateBillCommand(scope, billId, change, requestId), work, reviveBill)).value;
    });
    if (changed) deps.eventsCommitted();
    return bill;
  }, { livemode: scope.livemode, merchant_id: scope.merchantId, bill_id: billId });
}
