import { useCase } from '@kessai/platform';
import { findBillAwaitingNotice, markNoticeSent } from '../db/bill-store';
import type { BillingDeps } from './deps';
import { mailCustomer } from './mail-customer';

/**
 * Asks the notification service to email the customer the payment number and
 * the link to the hosted payment page (outside any transaction; the request id
 * makes repeats send once), then records that it was handed over.
 */
export function notifyPaymentNumber(deps: BillingDeps, billId: string): Promise<void> {
  return useCase('billing.notify_payment_number', async () => {
    const bill = await findBillAwaitingNotice(deps.dataSource, billId);
    if (!bill) return;
    await mailCustomer(deps, bill, 'payment_number', `billing:${bill.id}:payment_number`);
    await markNoticeSent(deps.dataSource, bill.id, { amount: bill.amount, dueDate: bill.dueDate });
  }, { bill_id: billId });
}
