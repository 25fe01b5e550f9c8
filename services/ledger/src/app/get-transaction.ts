import { NotFoundError, useCase, ValidationError } from '@kessai/platform';
import type { PostedTransaction } from '../domain/transaction';
import type { LedgerDeps } from './deps';

export function getTransaction(deps: LedgerDeps, livemode: boolean, id: string): Promise<PostedTransaction> {
  return useCase('ledger.get_transaction', async () => {
    if (!id) throw ValidationError.field('transaction_id', 'required');
    const runner = deps.dataSource.createQueryRunner();
    try {
      const txn = (await deps.store.loadTransactions(runner, [id])).get(id);
      if (!txn || txn.livemode !== livemode) throw new NotFoundError('transaction', id);
      return txn;
    } finally {
      await runner.release();
    }
  }, { livemode });
}
