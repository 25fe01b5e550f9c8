import { billingEventsV1, gatewayEventsV1, notificationEventsV1, remittanceEventsV1 } from '@kessai/contracts';
import type { EventEnvelope, EventHandler } from '@kessai/platform';
import { accrueFeeItems, tokyoDay } from '../app/accrue-fee-items';
import type { FeesDeps } from '../app/deps';
import { recordMerchant } from '../app/merchant-terms';
import { notifyStatement } from '../app/notify-statement';
import { recordCollection } from '../app/record-collection';
import { payoutAccountChanged, settlePayout } from '../app/settle-payout';
import { accountFromWire } from '../app/submit-payouts';
import { onInvoiceIssued, onInvoiceOverdue, onInvoicePaid } from '../app/invoice-followups';
import { receiveInvoicePayment } from '../app/receive-invoice-payment';
import { billEndedItems, paymentConfirmedItems, phoneItems, postcardItems, remittanceItems } from '../domain/accrual';

/**
 * The events that cause fees (docs/reference/fees-and-settlement.md#fee-items),
 * each through the inbox: decoded here, accrued by the use case in the inbox's
 * transaction.
 */
export function feeConsumers(deps: FeesDeps): Record<string, EventHandler> {
  const done = () => deps.eventsCommitted();
  return {
    /** a merchant's contract terms (created or changed) */
    'gateway.merchant.created': async ({ envelope }, tx) => {
      const { merchant } = gatewayEventsV1.MerchantCreated.decode(envelope.payload);
      if (merchant) await recordMerchant(tx, merchant, envelope.occurredAt ?? new Date(0));
    },
    'gateway.merchant.updated': async ({ envelope }, tx) => {
      const { merchant } = gatewayEventsV1.MerchantUpdated.decode(envelope.payload);
      if (!merchant) return;
      const newer = await recordMerchant(tx, merchant, envelope.occurredAt ?? new Date(0));
      // a corrected payout account (as the newest event says): failed payouts go on the next statement
      if (newer) await payoutAccountChanged(deps, tx, merchant.id, accountFromWire(merchant.settings?.payoutAccount));
    },
    /** 確報: the per-bill fee and stamp duty; the collection to pay out, in the period it was paid at the store */
    'billing.payment.confirmed': async ({ envelope }, tx) => {
      const p = billingEventsV1.PaymentChanged.decode(envelope.payload).payment;
      if (!p) throw new Error(`event ${envelope.id}: no payment`);
      const paidOn = tokyoDay(p.paidAt, envelope.occurredAt ?? new Date(0));
      await recordCollection(tx, envelope, { paymentId: p.paymentId, billId: p.billId, ownerId: p.ownerId, amount: p.amount, stampDuty: p.stampDuty, paidOn });
      await accrueFeeItems(deps, tx, { envelope, occurredOn: paidOn, items: ({ fees }) => paymentConfirmedItems({ paymentId: p.paymentId, stampDuty: p.stampDuty }, fees) });
      done();
    },
    'billing.bill.deleted': billEnded(deps),
    'billing.bill.expired': billEnded(deps),
    'remittance.billable_item.recorded': async ({ envelope }, tx) => {
      const i = remittanceEventsV1.BillableItemRecorded.decode(envelope.payload);
      await accrueFeeItems(deps, tx, { envelope, occurredOn: tokyoDay(envelope.occurredAt, new Date(0)), items: ({ fees }) => remittanceItems(i, fees) });
      done();
    },
    'notification.postcard.sent': async ({ envelope }, tx) => {
      const p = notificationEventsV1.PostcardSent.decode(envelope.payload);
      await accrueFeeItems(deps, tx, { envelope, occurredOn: tokyoDay(p.sentAt, envelope.occurredAt ?? new Date(0)), items: ({ fees }) => postcardItems(p, fees) });
      done();
    },
    /** a payout's transfer executed or refused by the bank (other purposes are remittance's own) */
    'remittance.transfer.succeeded': async ({ envelope }, tx) => {
      await settlePayout(deps, tx, remittanceEventsV1.TransferChanged.decode(envelope.payload), true);
    },
    'remittance.transfer.failed': async ({ envelope }, tx) => {
      await settlePayout(deps, tx, remittanceEventsV1.TransferChanged.decode(envelope.payload), false);
    },
    /** this service's own event: the merchant's notice of the statement */
    'fees.statement.fixed': async ({ envelope }, tx) => {
      await notifyStatement(deps, tx, envelope);
    },
    /** money paid into a merchant's invoice account: settles the oldest unpaid invoice of that amount, else held for review */
    'webhook.invoice_payment.received': async ({ envelope }, tx) => {
      await receiveInvoicePayment(deps, tx, envelope);
    },
    /** this service's own invoice events: the ledger postings and the merchant's emails (invoice-followups.ts) */
    'fees.invoice.issued': ({ envelope }) => onInvoiceIssued(deps, envelope),
    'fees.invoice.paid': ({ envelope }) => onInvoicePaid(deps, envelope),
    'fees.invoice.overdue': ({ envelope }) => onInvoiceOverdue(deps, envelope),
    'notification.phone_task.completed': async ({ envelope }, tx) => {
      const t = notificationEventsV1.PhoneTaskCompleted.decode(envelope.payload);
      const occurredOn = tokyoDay(t.completedAt, envelope.occurredAt ?? new Date(0));
      await accrueFeeItems(deps, tx, { envelope, occurredOn, items: ({ fees }) => phoneItems({ ...t, merchantId: envelope.merchantId }, fees) });
      done();
    },
  };
}

/** Cheap checks before a transaction: of remittance's transfers, only payouts concern this service. */
const isPayout = (envelope: EventEnvelope) => remittanceEventsV1.TransferChanged.decode(envelope.payload).purpose === 'payout';
export const FEE_CONSUMER_FILTERS: Record<string, (envelope: EventEnvelope) => boolean> = {
  'remittance.transfer.succeeded': isPayout,
  'remittance.transfer.failed': isPayout,
};

/** billing.bill.deleted / .expired: 20 yen when billing says unpaid and the merchant is on the billing plan that day. */
function billEnded(deps: FeesDeps): EventHandler {
  return async ({ envelope }, tx) => {
    const e = billingEventsV1.BillChanged.decode(envelope.payload);
    if (!e.billableUnpaid) return;
    const occurredOn = tokyoDay(envelope.occurredAt, new Date(0));
    await accrueFeeItems(deps, tx, { envelope, occurredOn, items: ({ fees, plan }) => billEndedItems({ billId: e.bill?.billId ?? envelope.aggregateId, billableUnpaid: true }, plan(occurredOn), fees) });
    deps.eventsCommitted();
  };
}
