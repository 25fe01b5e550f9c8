import { tokyoDate } from '@kessai/bank-calendar';
import { notificationV1 } from '@kessai/contracts';
import { paymentNumberText } from '../render/number-labels';
import type { BillingDeps } from './deps';
import { hostedUrl, slipUrl } from './slip-url';
import type { BillRecord } from './types';

const { MessageKind } = notificationV1;

/** The customer emails billing sends (docs/reference/konbini.md#customer-emails). */
export type CustomerMail = 'payment_number' | 'payment_reminder' | 'bill_updated' | 'payment_receipt';

const KIND: Record<CustomerMail, notificationV1.MessageKind> = {
  payment_number: MessageKind.MESSAGE_KIND_PAYMENT_NUMBER,
  payment_reminder: MessageKind.MESSAGE_KIND_PAYMENT_REMINDER,
  bill_updated: MessageKind.MESSAGE_KIND_BILL_UPDATED,
  payment_receipt: MessageKind.MESSAGE_KIND_PAYMENT_RECEIPT,
};

/**
 * Hands one email about a bill to the notification service (outside any
 * transaction). `requestId` makes a repeat send once; the link is the bill's
 * hosted payment page, the slip one tap from it.
 */
export async function mailCustomer(
  deps: BillingDeps,
  bill: BillRecord,
  mail: CustomerMail,
  requestId: string,
  extra: Record<string, string> = {},
): Promise<void> {
  await deps.notification.send({
    requestId,
    livemode: bill.livemode,
    merchantId: bill.merchantId,
    kind: KIND[mail],
    recipient: { name: bill.customer.name, email: bill.customer.email, phone: '', optedOut: [] },
    channels: [notificationV1.Channel.CHANNEL_EMAIL],
    fallbackChannels: [],
    amount: bill.amount,
    reference: bill.id,
    variables: {
      merchant_name: bill.merchantName || 'Kessai',
      payment_number: paymentNumberText(bill),
      due_date: bill.dueDate,
      link: hostedUrl(deps, bill),
      slip_link: slipUrl(deps, bill),
      message: bill.message,
      ...(bill.paidAt ? { paid_on: tokyoDate(bill.paidAt) } : {}),
      ...extra,
    },
  });
}
