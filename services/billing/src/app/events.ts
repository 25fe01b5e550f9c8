import { billingEventsV1 } from '@kessai/contracts';
import type { DomainEvent } from '@kessai/platform';
import type { BillRecord, PaymentRecord } from './types';

export type BillEventType = 'billing.bill.created' | 'billing.bill.updated' | 'billing.bill.deleted' | 'billing.bill.expired';
export type PaymentEventType = 'billing.payment.preliminary' | 'billing.payment.confirmed' | 'billing.payment.cancelled';

export function billEvent(type: BillEventType, bill: BillRecord, at: Date): DomainEvent {
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
      billableUnpaid: (type === 'billing.bill.deleted' || type === 'billing.bill.expired') && bill.paidAt === null,
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
