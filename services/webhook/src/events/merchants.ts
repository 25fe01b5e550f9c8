import { gatewayEventsV1 } from '@kessai/contracts';
import type { EventHandler } from '@kessai/platform';
import type { WebhookDeps } from '../app/deps';
import { learnMerchantOwner } from '../app/learn-merchant-owner';

/** The gateway's merchant events: who owns whom (app/learn-merchant-owner.ts). */
export const MERCHANT_SOURCES = ['gateway.merchant.created', 'gateway.merchant.updated'] as const;

export function merchantHandler(deps: Pick<WebhookDeps, 'clock' | 'wake'>): EventHandler {
  return async ({ envelope }, tx) => {
    const decoded = envelope.type === 'gateway.merchant.created' ? gatewayEventsV1.MerchantCreated.decode(envelope.payload) : gatewayEventsV1.MerchantUpdated.decode(envelope.payload);
    const m = decoded.merchant;
    if (!m?.id) return;
    await learnMerchantOwner(deps, m.id, m.ownerId || null, tx);
  };
}
