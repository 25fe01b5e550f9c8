import { gatewayEventsV1 } from '@kessai/contracts';
import type { DomainEvent } from '@kessai/platform';
import type { MerchantRow } from '../db/merchant-store';
import { merchantToWire } from '../grpc/mapping';

/** gateway.merchant.created / .updated: the merchant as it is now (both modes: merchants are not per mode). */
export function merchantEvent(type: 'gateway.merchant.created' | 'gateway.merchant.updated', m: MerchantRow, at: Date = m.created_at): DomainEvent {
  const merchant = merchantToWire(m);
  const created = type === 'gateway.merchant.created';
  return {
    type,
    aggregateId: m.id,
    merchantId: m.id,
    livemode: false,
    occurredAt: at,
    payloadType: created ? 'kessai.gateway.events.v1.MerchantCreated' : 'kessai.gateway.events.v1.MerchantUpdated',
    payload: created ? gatewayEventsV1.MerchantCreated.encode({ merchant }).finish() : gatewayEventsV1.MerchantUpdated.encode({ merchant }).finish(),
  };
}
