import { billingEventsV1 } from '@kessai/contracts';
import type { DomainEvent } from '@kessai/platform';
import type { BillRecord, PaymentRecord } from './types';

/**
 * `billing.bill.paid_after_expiry` (internal, for the fees service): an expired
 * bill whose `billing.bill.expired` carried `billable_unpaid` took a (late)
 * payment after all — the flag no longer stands (docs/reference/konbini.md#late-payments).
 */
export type BillEventType = 'billing.bill.created' | 'billing.bill.updated' | 'billing.bill.deleted' | 'billing.bill.expired' | 'billing.bill.paid_after_expiry';
export type PaymentEventType = 'billing.payment.preliminary' | 'billing.payment.confirmed' | 'billing.payment.cancelled';

/** A bill event; `billableUnpaid` is the billing plan's unpaid-bill flag of a deletion or expiry (domain/bill.ts billableUnpaid). */
export function billEvent(type: BillEventType, bill: BillRecord, at: Date, billableUnpaid = false): DomainEvent {
  return {
    type,
    aggregateId: bill.id,
    merchantId: bill.merchantId,
    livemode: bill.livemode,
    occurredAt: at,
    payloadType: 'kessai.billing.events.v1.BillChanged',
    payload: billingEventsV1.BillChanged.encode({
      bill: {
        billId: bill.id, merchantId: bill.merchantId, ownerId: bill.ownerId, status: bill.status, amount: bill.amount,
        taxAmount: bill.taxAmount ?? undefined, dueDate: bill.dueDate, stores: bill.stores, orderReference: bill.orderReference,
        repeat: bill.repeat, createdAt: bill.createdAt, updatedAt: bill.updatedAt, metadata: bill.metadata,
      },
      billableUnpaid: (type === 'billing.bill.deleted' || type === 'billing.bill.expired') && billableUnpaid,
    }).finish(),
  };
}

export function paymentEvent(type: PaymentEventType, p: PaymentRecord, at: Date): DomainEvent {
  return {
    type,
    aggregateId: p.id,
    merchantId: p.merchantId,
    livemode: p.livemode,
    occurredAt: at,
    payloadType: 'kessai.billing.events.v1.PaymentChanged',
    payload: billingEventsV1.PaymentChanged.encode({
      payment: {
        paymentId: p.id, billId: p.billId, merchantId: p.merchantId, ownerId: p.ownerId, status: p.status, chain: p.chain,
        paymentNumber: p.paymentNumber, amount: p.amount, stampDuty: p.stampDuty, paidAt: p.paidAt, storeCode: p.storeCode,
        late: p.late, orderReference: p.orderReference, amountMismatch: p.amountMismatch, billAmount: p.billAmount,
      },
    }).finish(),
  };
}
