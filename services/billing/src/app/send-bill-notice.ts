import { tokyoDate } from '@kessai/bank-calendar';
import { merchantScope, NotFoundError, PreconditionError, useCase, ValidationError } from '@kessai/platform';
import { findBill, findBillInScope } from '../db/bill-store';
import type { BillingDeps } from './deps';
import { mailCustomer } from './mail-customer';
import type { BillRecord, Scope } from './types';

/**
 * Emails the customer the payment number again (POST /v1/bills/{id}/send):
 * only an open bill before its due date with a customer email. Idempotent by
 * request id: a repeat answers the bill and the email goes out once.
 */
export function sendBillNotice(deps: BillingDeps, scope: Scope, billId: string, requestId: string): Promise<BillRecord> {
  return useCase('billing.send_bill_notice', async () => {
    if (!requestId) throw ValidationError.field('request_id', 'required');
    const bill = await deps.dataSource.transaction(async (tx) => {
      const r = await deps.idempotency.run(
        tx,
        { scope: merchantScope('bill.send', scope.livemode, scope.merchantId), key: requestId, operation: 'bill.send', request: { billId }, param: 'request_id' },
        async () => {
          const found = await findBillInScope(tx, scope, billId);
          if (!found) throw new NotFoundError('bill', billId);
          if (found.status !== 'open') throw new PreconditionError('bill_not_open', `the bill is ${found.status}: only an open bill's number can be sent`);
          if (found.dueDate < tokyoDate(deps.clock.now())) throw new PreconditionError('bill_past_due', 'the bill is past its due date');
          if (!found.customer.email) throw new PreconditionError('customer_email_missing', 'the bill has no customer email');
          return found.id;
        },
      );
      return (await findBill(tx, r.value))!;
    });
    // outside the transaction, on a replay too: the notification service sends one request id once
    await mailCustomer(deps, bill, 'payment_number', `billing:${bill.id}:resend:${requestId}`);
    return bill;
  }, { livemode: scope.livemode, merchant_id: scope.merchantId, bill_id: billId });
}
