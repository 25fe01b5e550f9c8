import { useCase } from '@kessai/platform';
import type { Balance } from '../domain/balances';
import { balancesStore } from '../db/balances-store';
import type { LedgerDeps } from './deps';

/**
 * Total, held and available, exact. With `asOf`, the balance at that instant,
 * summed from the postings and hold movements up to it.
 */
export function getBalance(deps: LedgerDeps, account: string, asOf?: Date): Promise<Balance> {
  return useCase('ledger.get_balance', async () => {
    const at = asOf ?? deps.clock.now();
    const { total, held } = asOf ? await balancesStore.asOf(deps.dataSource, account, asOf) : await balancesStore.current(deps.dataSource, account);
    return { accountId: account, total, held, available: total - held, asOf: at };
  }, { as_of: asOf !== undefined });
}
