import { useCase } from '@kessai/platform';
import { tokyoToday } from '../domain/debit';
import { customersStore } from '../db/customers-store';
import type { AccountTransferDeps } from './deps';

/** Retention (docs/reference/account-transfer.md#retention): personal data erased 10 years after the last debit or mandate end; debits kept. */
export function eraseExpiredCustomers(deps: AccountTransferDeps): Promise<{ erased: number }> {
  return useCase('account_transfer.erase_expired_customers', async () => {
    const now = deps.clock.now();
    const ids = await customersStore.eraseExpired(deps.dataSource, tokyoToday(now), now);
    if (ids.length > 0) deps.logger.info({ erased: ids.length }, 'debit customers erased (retention)');
    return { erased: ids.length };
  });
}
