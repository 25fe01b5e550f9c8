import { remittanceEventsV1 } from '@kessai/contracts';
import { type DomainEvent, newId } from '@kessai/platform';
import type { Order, Recipient, Transfer } from '../domain/entities';
import type { BillableKind } from '../domain/billable';

/** remittance.order.<event> */
export function orderEvent(event: 'approved' | 'waiting_for_funds' | 'funded' | 'closed' | 'cancelled', o: Order, now: Date): DomainEvent {
  return {
    type: `remittance.order.${event}`,
    aggregateId: o.id,
    merchantId: o.merchantId,
    livemode: o.livemode,
    occurredAt: now,
    payloadType: 'kessai.remittance.events.v1.OrderChanged',
    payload: remittanceEventsV1.OrderChanged.encode({
      orderId: o.id, status: o.status, totalAmount: o.totalAmount, shortfallAmount: o.shortfallAmount, holdId: o.holdId ?? '',
      recipientCount: o.recipientCount, ownerId: o.ownerId, reference: o.reference,
    }).finish(),
  };
}

/** remittance.recipient.<event> */
export function recipientEvent(event: 'notified' | 'registered' | 'expired' | 'held_for_review', r: Recipient, now: Date, channels: string[] = [], ownerId = ''): DomainEvent {
  return {
    type: `remittance.recipient.${event}`,
    aggregateId: r.id,
    merchantId: r.merchantId,
    livemode: r.livemode,
    occurredAt: now,
    payloadType: 'kessai.remittance.events.v1.RecipientChanged',
    payload: remittanceEventsV1.RecipientChanged.encode({ orderId: r.orderId, recipientId: r.id, status: r.status, amount: r.amount, reference: r.reference, channels, ownerId }).finish(),
  };
}

/** remittance.transfer.<event> */
export function transferEvent(event: 'scheduled' | 'sent' | 'succeeded' | 'failed' | 'reversed', t: Transfer, now: Date): DomainEvent {
  return {
    type: `remittance.transfer.${event}`,
    aggregateId: t.id,
    merchantId: t.merchantId,
    livemode: t.livemode,
    occurredAt: now,
    payloadType: 'kessai.remittance.events.v1.TransferChanged',
    payload: remittanceEventsV1.TransferChanged.encode({
      transferId: t.id, purpose: t.purpose, status: t.status, amount: t.amount, executionDate: t.executionDate, fileId: t.fileId ?? '',
      failureCode: t.failureCode, reference: t.reference, orderId: t.orderId ?? '', recipientId: t.recipientId ?? '',
    }).finish(),
  };
}

/**
 * remittance.billable_item.recorded: the cause of a fee the fees service
 * charges (docs/reference/fees-and-settlement.md#remittance-fees) — its kind
 * and transfer; `amount` stays in the contract for compatibility, always 0.
 */
export function billableEvent(kind: BillableKind, t: Transfer, now: Date): DomainEvent {
  const itemId = newId('bil', now.getTime());
  return {
    type: 'remittance.billable_item.recorded',
    aggregateId: itemId,
    merchantId: t.merchantId,
    livemode: t.livemode,
    occurredAt: now,
    payloadType: 'kessai.remittance.events.v1.BillableItemRecorded',
    payload: remittanceEventsV1.BillableItemRecorded.encode({ itemId, kind, amount: 0, transferId: t.id, orderId: t.orderId ?? '', recipientId: t.recipientId ?? '' }).finish(),
  };
}
