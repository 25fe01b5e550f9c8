import { gatewayEventsV1 } from '@kessai/contracts';
import type { DomainEvent } from '@kessai/platform';
import type { Merchant } from '../domain/merchant';
import { merchantToWire } from './merchant-wire';

/** gateway.merchant.created / .updated: the merchant as it is now (both modes: merchants are not per mode). */
export function merchantEvent(type: 'gateway.merchant.created' | 'gateway.merchant.updated', m: Merchant, at: Date = m.created_at): DomainEvent {
  const merchant = merchantToWire(m, at);
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
