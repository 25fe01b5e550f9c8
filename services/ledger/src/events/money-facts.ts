import type { EventEnvelope } from '@kessai/platform';
import { billingEventsV1, webhookEventsV1 } from '@kessai/contracts';
import { PLATFORM_OWNER } from '../domain/accounts';
import type { PostInput } from '../domain/transaction';

/**
 * Facts that already happened elsewhere and move money in the ledger
 * (docs/architecture.md#money-flows). Each maps an event to the transaction it
 * causes; the inbox makes each event count once and the idempotency key
 * `event:<id>` makes that doubly sure. Later services add their mappings here.
 * Returning null means the event moves no money (it is still marked processed).
 */
export type MoneyFact = (envelope: EventEnvelope) => PostInput | null;

export const MONEY_FACTS: Record<string, MoneyFact> = {
  /** A merchant's deposit arrived at its virtual account: platform bank → merchant deposit. */
  'webhook.bank_deposit.received': (envelope) => {
    const deposit = webhookEventsV1.BankDepositReceived.decode(envelope.payload);
    // Unattributed deposits are the webhook service's to report; no merchant, no posting.
    if (!deposit.merchantId) return null;
    return {
      idempotencyKey: `event:${envelope.id}`,
      livemode: envelope.livemode,
      kind: 'deposit.received',
      description: `deposit ${deposit.depositId}`,
      merchantId: deposit.merchantId,
      // bank_reference and business_date: the bank statement's side, read by the fees service's daily reconciliation
      metadata: { deposit_id: deposit.depositId, event_id: envelope.id, bank_reference: deposit.bankReference, business_date: deposit.businessDate },
      postings: [
        { ownerId: PLATFORM_OWNER, type: 'platform_bank', amount: -deposit.amount },
        { ownerId: deposit.merchantId, type: 'deposit', amount: deposit.amount },
      ],
    };
  },
  /**
   * A konbini payment the store chain confirmed (確報): store receivable → the
   * merchant's collections. Billing writes this event once per payment; the
   * key `billing-payment:<id>` makes a re-published copy post nothing.
   */
  'billing.payment.confirmed': (envelope) => {
    const { payment } = billingEventsV1.PaymentChanged.decode(envelope.payload);
    if (!payment || !payment.merchantId || payment.amount <= 0) return null;
    return {
      idempotencyKey: `billing-payment:${payment.paymentId}:confirmed`,
      livemode: envelope.livemode,
      kind: 'collection.confirmed',
      description: `konbini payment ${payment.paymentId} (${payment.chain})`,
      merchantId: payment.merchantId,
      metadata: {
        payment_id: payment.paymentId,
        bill_id: payment.billId,
        chain: payment.chain,
        stamp_duty: String(payment.stampDuty),
        late: String(payment.late),
      },
      postings: [
        { ownerId: PLATFORM_OWNER, type: 'platform_store_receivable', amount: -payment.amount },
        { ownerId: payment.merchantId, type: 'collections', amount: payment.amount },
      ],
    };
  },
};
