import { NotFoundError, useCase } from '@kessai/platform';
import { contactEmails, merchantName, validateSettings, type Merchant, type MerchantSettings } from '../domain/merchant';
import type { GatewayDeps } from './deps';
import { merchantEvent } from './merchant-events';

/**
 * Operators change a merchant's name, contract settings or contact emails
 * (null: unchanged); other services hear it as gateway.merchant.updated.
 */
export function updateMerchant(deps: GatewayDeps, id: string, name: string, settings: MerchantSettings | null, emails: string[] | null = null): Promise<Merchant> {
  return useCase('gateway.update_merchant', async () => {
    const trimmed = merchantName(name, false);
    if (settings) validateSettings(settings);
    const contacts = emails ? contactEmails(emails) : null;
    const row = await deps.dataSource.transaction(async (tx) => {
      const updated = await deps.store.updateMerchant(tx, id, trimmed || null, settings, contacts);
      if (!updated) throw new NotFoundError('merchant', id);
      await deps.outbox.add(tx, [merchantEvent('gateway.merchant.updated', updated, deps.clock.now())]);
      return updated;
    });
    deps.eventsCommitted();
    return row;
  });
}
