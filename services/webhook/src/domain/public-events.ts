import { ledgerEventsV1 } from '@kessai/contracts';
import type { EventEnvelope } from '@kessai/platform';

/**
 * The public event catalogue (docs/events.md): the only event types merchants
 * see, and the one place internal events are mapped to them. Internal event
 * shapes may change; these may only grow.
 */
export const PUBLIC_EVENT_TYPES = {
  'balance.deposit_received': 'Money you transferred to your virtual account was credited to your deposit.',
  'webhook_endpoint.disabled': 'One of your webhook endpoints was disabled after failing for 3 days.',
} as const;
export type PublicEventType = keyof typeof PUBLIC_EVENT_TYPES;

export interface PublicEvent {
  type: PublicEventType;
  merchantId: string;
  livemode: boolean;
  /** the `data.object` merchants receive */
  object: Record<string, unknown>;
}

/** Internal event types this service consumes to produce public events. */
export const PUBLIC_EVENT_SOURCES = ['ledger.transaction.posted'] as const;

/** Maps one internal event to its public events (often none). Pure. */
export function toPublicEvents(envelope: EventEnvelope): PublicEvent[] {
  if (envelope.type === 'ledger.transaction.posted') {
    const txn = ledgerEventsV1.TransactionPosted.decode(envelope.payload);
    if (txn.kind !== 'deposit.received' || !envelope.merchantId) return [];
    const credit = txn.postings.find((p) => p.account?.ownerId === envelope.merchantId && p.account?.type === 'deposit');
    if (!credit) return [];
    return [
      {
        type: 'balance.deposit_received',
        merchantId: envelope.merchantId,
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
  return [];
}
