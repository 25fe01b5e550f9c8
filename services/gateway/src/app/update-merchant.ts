import { NotFoundError, ValidationError } from '@kessai/platform';
import type { MerchantRow, MerchantSettings } from '../db/merchant-store';
import { validateSettings } from '../domain/merchant';
import type { GatewayDeps } from './deps';
import { merchantEvent } from './merchant-events';

/** Operators change a merchant's name or contract settings; other services hear it as gateway.merchant.updated. */
export async function updateMerchant(deps: GatewayDeps, id: string, name: string, settings: MerchantSettings | null): Promise<MerchantRow> {
  const trimmed = name.trim();
  if (trimmed.length > 200) throw ValidationError.field('name', 'must be at most 200 characters');
  if (settings) validateSettings(settings);
  const row = await deps.dataSource.transaction(async (tx) => {
    const updated = await deps.store.updateMerchant(tx, id, trimmed || null, settings);
    if (!updated) throw new NotFoundError('merchant', id);
    await deps.outbox.add(tx, [merchantEvent('gateway.merchant.updated', updated, deps.clock.now())]);
    return updated;
  });
  deps.eventsCommitted();
  return row;
}
