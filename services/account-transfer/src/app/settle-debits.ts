import { isDomainError, useCase } from '@kessai/platform';
import { debitsStore } from '../db/debits-store';
import type { AccountTransferDeps } from './deps';
import { sendDebit } from './send-debit';

/** Single debits whose answer was lost: asked about (and, if the bank never got them, sent) until settled. */
export function settleUnsettledDebits(deps: AccountTransferDeps): Promise<{ settled: number; left: number }> {
  return useCase('account_transfer.settle_unsettled_debits', async () => {
    const ids = await debitsStore.unsettled(deps.dataSource, new Date(deps.clock.now().getTime() - 30_000), 100);
    let settled = 0;
    for (const id of ids) {
      try {
        const d = await sendDebit(deps, id, 'single');
        if (d.status === 'succeeded' || d.status === 'failed') settled += 1;
      } catch (err) {
        if (!isDomainError(err)) throw err;
      }
    }
    return { settled, left: ids.length - settled };
  });
}
