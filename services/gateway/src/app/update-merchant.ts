import { tokyoDate } from '@kessai/bank-calendar';
import { NotFoundError, useCase } from '@kessai/platform';
import { changeTerms, contactEmails, merchantName, validateSettings, type Merchant, type MerchantSettings } from '../domain/merchant';
import type { GatewayDeps } from './deps';
import { merchantEvent } from './merchant-events';

/**
 * Operators change a merchant's name, contract settings or contact emails
 * (null: unchanged); other services hear it as gateway.merchant.updated. A new
 * fee plan or settlement cycle takes effect from the next close of the cycle in
 * force (docs/reference/fees-and-settlement.md#the-merchant-contract); chains,
 * payout account and mail settings at once.
 */
export function updateMerchant(deps: GatewayDeps, id: string, name: string, settings: MerchantSettings | null, emails: string[] | null = null): Promise<Merchant> {
  return useCase('gateway.update_merchant', async () => {
    const trimmed = merchantName(name, false);
    const valid = settings ? validateSettings(settings) : null;
    const contacts = emails ? contactEmails(emails) : null;
    const row = await deps.dataSource.transaction(async (tx) => {
      const now = deps.clock.now();
      const current = await deps.store.lockMerchant(tx, id);
      if (!current) throw new NotFoundError('merchant', id);
      if (valid) {
        const today = tokyoDate(now);
        await deps.store.replacePendingTerms(tx, id, today, changeTerms(current.contract_terms, valid, today), now);
      }
      const updated = await deps.store.updateMerchant(tx, id, trimmed || null, valid?.stored ?? null, contacts);
      if (!updated) throw new NotFoundError('merchant', id);
      await deps.outbox.add(tx, [merchantEvent('gateway.merchant.updated', updated, now)]);
      return updated;
    });
    deps.eventsCommitted();
    return row;
  });
}
