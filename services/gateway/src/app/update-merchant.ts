import { NotFoundError, useCase } from '@kessai/platform';
import { merchantName, validateSettings, type Merchant, type MerchantSettings } from '../domain/merchant';
import type { GatewayDeps } from './deps';
import { merchantEvent } from './merchant-events';

/** Operators change a merchant's name or contract settings; other services hear it as gateway.merchant.updated. */
export function updateMerchant(deps: GatewayDeps, id: string, name: string, settings: MerchantSettings | null): Promise<Merchant> {
  return useCase('gateway.update_merchant', async () => {
    const trimmed = merchantName(name, false);
    if (settings) validateSettings(settings);
    const row = await deps.dataSource.transaction(async (tx) => {
      const updated = await deps.store.updateMerchant(tx, id, trimmed || null, settings);
      if (!updated) throw new NotFoundError('merchant', id);
      await deps.outbox.add(tx, [merchantEvent('gateway.merchant.updated', updated, deps.clock.now())]);
      return updated;
    });
    deps.eventsCommitted();
    return row;
  });
}
