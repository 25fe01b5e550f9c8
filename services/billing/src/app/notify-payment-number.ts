import { notificationV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import { findBillAwaitingNotice, markNoticeSent } from '../db/bill-store';
import { paymentNumberText } from '../render/number-labels';
import type { BillingDeps } from './deps';
import { slipUrl } from './slip-url';

/**
 * Asks the notification service to email the customer the payment number and
 * the slip link (outside any transaction; the request id makes repeats send
 * once), then records that it was handed over.
 */
export function notifyPaymentNumber(deps: BillingDeps, billId: string): Promise<void> {
  return useCase('billing.notify_payment_number', async () => {
    const bill = await findBillAwaitingNotice(deps.dataSource, billId);
    if (!bill) return;
    await deps.notification.send({
      requestId: `billing:${bill.id}:payment_number`,
      livemode: bill.livemode,
      merchantId: bill.merchantId,
      kind: notificationV1.MessageKind.MESSAGE_KIND_PAYMENT_NUMBER,
      recipient: { name: bill.customer.name, email: bill.customer.email, phone: '', optedOut: [] },
      channels: [notificationV1.Channel.CHANNEL_EMAIL],
      fallbackChannels: [],
      amount: bill.amount,
      reference: bill.id,
      variables: {
        merchant_name: bill.merchantName || 'Kessai',
        payment_number: paymentNumberText(bill),
        due_date: bill.dueDate,
        link: slipUrl(deps, bill),
        message: bill.message,
      },
    });
    await markNoticeSent(deps.dataSource, bill.id);
  }, { bill_id: billId });
}
