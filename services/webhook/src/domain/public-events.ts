import { billingEventsV1, ledgerEventsV1, remittanceEventsV1 } from '@kessai/contracts';
import type { EventEnvelope } from '@kessai/platform';
import { ACCOUNT_TRANSFER_PUBLIC_SOURCES, ACCOUNT_TRANSFER_PUBLIC_TYPES, accountTransferPublicEvent } from './public-events-account-transfer';
import { FEES_PUBLIC_SOURCES, FEES_PUBLIC_TYPES, feesPublicEvent } from './public-events-fees';
import { INVOICE_PUBLIC_SOURCES, INVOICE_PUBLIC_TYPES, invoicePublicEvent } from './public-events-invoices';

/**
 * The public event catalogue (docs/events.md): the only event types merchants
 * see, and the one place internal events are mapped to them. Internal event
 * shapes may change; these may only grow.
 */
export const PUBLIC_EVENT_TYPES = {
  'balance.deposit_received': 'Money you transferred to your virtual account was credited to your deposit.',
  'webhook_endpoint.disabled': 'One of your webhook endpoints was disabled after failing for 3 days.',
  'bill.created': 'A konbini bill was registered (payment numbers issued).',
  'bill.updated': 'A bill changed: amount, due date or message, or its status (paid, payable again).',
  'bill.deleted': 'A bill was deleted before it was paid.',
  'bill.expired': 'A bill passed its due date unpaid.',
  'payment.preliminary': 'A customer paid a bill at a convenience store (速報): not yet final.',
  'payment.confirmed': 'The store chain confirmed a payment (確報): it will be paid out.',
  'payment.cancelled': 'The store chain revoked a preliminary payment (速報取消): the bill is payable again if before its due date.',
  ...ACCOUNT_TRANSFER_PUBLIC_TYPES,
  'remittance_order.approved': 'A remittance order was approved and its total earmarked on your deposit.',
  'remittance_order.waiting_for_funds': 'A remittance order was approved but your deposit is short: `shortfall_amount` names the shortfall.',
  'remittance_order.funded': 'A deposit covered a waiting remittance order: its total is earmarked and outreach starts.',
  'remittance_order.closed': 'Every recipient of a remittance order is paid, cancelled or expired.',
  'remittance_recipient.notified': 'A recipient was contacted (email, postcard or phone task; `channels`).',
  'remittance_recipient.registered': 'A recipient registered a bank account; the transfer is scheduled.',
  'remittance_recipient.expired': 'A recipient did not register by the order’s deadline: their share is released to your available balance.',
  'remittance_transfer.scheduled': 'A transfer was scheduled for a bank business day.',
  'remittance_transfer.sent': 'A transfer went to the bank in that day’s file.',
  'remittance_transfer.succeeded': 'The bank executed a transfer: the money left your deposit.',
  'remittance_transfer.failed': 'The bank could not execute a transfer (`failure_code`): its amount is released to your available balance.',
  'remittance_transfer.reversed': 'A transfer was reversed (組戻し): the amount came back to your deposit.',
  ...FEES_PUBLIC_TYPES,
  ...INVOICE_PUBLIC_TYPES,
} as const;
type PublicEventType = keyof typeof PUBLIC_EVENT_TYPES;

export interface PublicEvent {
  type: PublicEventType;
  merchantId: string;
  livemode: boolean;
  /** the `data.object` merchants receive */
  object: Record<string, unknown>;
}

/** Internal event types this service consumes to produce public events. */
export const PUBLIC_EVENT_SOURCES = [
  'ledger.transaction.posted',
  'ledger.transactions.posted',
  'billing.bill.created',
  'billing.bill.updated',
  'billing.bill.deleted',
  'billing.bill.expired',
  'billing.payment.preliminary',
  'billing.payment.confirmed',
  'billing.payment.cancelled',
  ...ACCOUNT_TRANSFER_PUBLIC_SOURCES,
  'remittance.order.approved',
  'remittance.order.waiting_for_funds',
  'remittance.order.funded',
  'remittance.order.closed',
  'remittance.recipient.notified',
  'remittance.recipient.registered',
  'remittance.recipient.expired',
  'remittance.transfer.scheduled',
  'remittance.transfer.sent',
  'remittance.transfer.succeeded',
  'remittance.transfer.failed',
  'remittance.transfer.reversed',
  ...FEES_PUBLIC_SOURCES,
  ...INVOICE_PUBLIC_SOURCES,
] as const;

/** remittance.<entity>.<event> → remittance_<entity>.<event> (one to one, docs/events.md#remittances). */
function remittancePublicEvent(envelope: EventEnvelope): PublicEvent[] {
  const m = /^remittance\.(order|recipient|transfer)\.([a-z_]+)$/.exec(envelope.type);
  const type = m ? (`remittance_${m[1]}.${m[2]}` as PublicEventType) : undefined;
  if (!m || !type || !(type in PUBLIC_EVENT_TYPES) || !envelope.merchantId) return [];
  const at = (envelope.occurredAt ?? new Date()).toISOString();
  const base = { type, merchantId: envelope.merchantId, livemode: envelope.livemode };
  if (m[1] === 'order') {
    const o = remittanceEventsV1.OrderChanged.decode(envelope.payload);
    return [{ ...base, object: { object: 'remittance_order', id: o.orderId, status: o.status, total_amount: o.totalAmount, shortfall_amount: o.shortfallAmount, recipient_count: o.recipientCount, currency: 'jpy', reference: o.reference, updated: at } }];
  }
  if (m[1] === 'recipient') {
    const r = remittanceEventsV1.RecipientChanged.decode(envelope.payload);
    return [{ ...base, object: { object: 'remittance_recipient', id: r.recipientId, order: r.orderId, status: r.status, amount: r.amount, currency: 'jpy', reference: r.reference, channels: r.channels, updated: at } }];
  }
  const t = remittanceEventsV1.TransferChanged.decode(envelope.payload);
  // a payout is not the deposit's money: merchants see it as payout.paid / payout.failed (from the fees service)
  if (t.purpose === 'payout') return [];
  return [
    {
      ...base,
      object: {
        object: 'remittance_transfer', id: t.transferId, purpose: t.purpose, status: t.status, amount: t.amount, currency: 'jpy', execution_date: t.executionDate,
        failure_code: t.failureCode || null, order: t.orderId || null, recipient: t.recipientId || null, updated: at,
      },
    },
  ];
}

/** billing.<entity>.<event> → the public type (billing publishes these for merchants one to one). */
const BILLING_PUBLIC: Record<string, PublicEventType> = {
  'billing.bill.created': 'bill.created',
  'billing.bill.updated': 'bill.updated',
  'billing.bill.deleted': 'bill.deleted',
  'billing.bill.expired': 'bill.expired',
  'billing.payment.preliminary': 'payment.preliminary',
  'billing.payment.confirmed': 'payment.confirmed',
  'billing.payment.cancelled': 'payment.cancelled',
};

function billingPublicEvent(envelope: EventEnvelope, type: PublicEventType): PublicEvent[] {
  if (!envelope.merchantId) return [];
  const base = { type, merchantId: envelope.merchantId, livemode: envelope.livemode };
  if (type.startsWith('bill.')) {
    const b = billingEventsV1.BillChanged.decode(envelope.payload).bill;
    if (!b) return [];
    return [
      {
        ...base,
        object: {
          object: 'bill', id: b.billId, status: b.status, amount: b.amount, tax_amount: b.taxAmount ?? null, currency: 'jpy', due_date: b.dueDate,
          stores: b.stores, order_reference: b.orderReference, repeat: b.repeat, metadata: b.metadata ?? {}, updated: (b.updatedAt ?? envelope.occurredAt ?? new Date()).toISOString(),
        },
      },
    ];
  }
  const p = billingEventsV1.PaymentChanged.decode(envelope.payload).payment;
  if (!p) return [];
  return [
    {
      ...base,
      object: {
        object: 'payment', id: p.paymentId, bill: p.billId, status: p.status, store: p.chain, payment_number: p.paymentNumber, amount: p.amount,
        currency: 'jpy', stamp_duty: p.stampDuty, late: p.late, amount_mismatch: p.amountMismatch, bill_amount: p.billAmount, store_code: p.storeCode, order_reference: p.orderReference,
        paid_at: (p.paidAt ?? envelope.occurredAt ?? new Date()).toISOString(),
      },
    },
  ];
}

/** Maps one internal event to its public events (often none). Pure. */
export function toPublicEvents(envelope: EventEnvelope): PublicEvent[] {
  const billing = BILLING_PUBLIC[envelope.type];
  if (billing) return billingPublicEvent(envelope, billing);
  const debit = envelope.merchantId ? accountTransferPublicEvent(envelope) : null;
  if (debit) return [{ ...debit, merchantId: envelope.merchantId, livemode: envelope.livemode }];
  if (envelope.type.startsWith('remittance.')) return remittancePublicEvent(envelope);
  const settlement = envelope.merchantId ? feesPublicEvent(envelope) : null;
  if (settlement) return [{ ...settlement, merchantId: envelope.merchantId, livemode: envelope.livemode }];
  const invoice = envelope.merchantId ? invoicePublicEvent(envelope) : null;
  if (invoice) return [{ ...invoice, merchantId: envelope.merchantId, livemode: envelope.livemode }];
  if (envelope.type === 'ledger.transaction.posted') {
    return depositReceived(ledgerEventsV1.TransactionPosted.decode(envelope.payload), envelope.merchantId, envelope);
  }
  if (envelope.type === 'ledger.transactions.posted') {
    // one PostBatch call's transactions: each is mapped as if it had come alone, with its own merchant
    return ledgerEventsV1.TransactionsPosted.decode(envelope.payload).transactions.flatMap((b) => (b.transaction ? depositReceived(b.transaction, b.merchantId, envelope) : []));
  }
  return [];
}

function depositReceived(txn: ledgerEventsV1.TransactionPosted, merchantId: string, envelope: EventEnvelope): PublicEvent[] {
  if (txn.kind !== 'deposit.received' || !merchantId) return [];
  const credit = txn.postings.find((p) => p.account?.ownerId === merchantId && p.account?.type === 'deposit');
  if (!credit) return [];
  return [
    {
      type: 'balance.deposit_received',
      merchantId,
      livemode: envelope.livemode,
      object: {
        object: 'deposit',
        id: txn.metadata.deposit_id ?? txn.transactionId,
        amount: credit.amount,
        currency: 'jpy',
        transaction_id: txn.transactionId,
        posted_at: (txn.postedAt ?? envelope.occurredAt ?? new Date()).toISOString(),
      },
    },
  ];
}
