import { NotFoundError, PreconditionError, useCase, ValidationError } from '@kessai/platform';
import { parseAccountId } from '../domain/accounts';
import { validatePost } from '../domain/transaction';
import type { LedgerDeps } from './deps';
import type { PostResult } from './post';

export interface ReverseInput {
  idempotencyKey: string;
  livemode: boolean;
  transactionId: string;
  description: string;
}

/**
 * Reverses a transaction with a new one that posts the opposite amounts. The
 * ledger is append-only: this is the only way to correct it. A transaction is
 * reversed at most once.
 */
export function reverseTransaction(deps: LedgerDeps, input: ReverseInput): Promise<PostResult> {
  return useCase('ledger.reverse_transaction', async () => {
    if (!input.transactionId) throw ValidationError.field('transaction_id', 'required');
    const runner = deps.dataSource.createQueryRunner();
    let original;
    let reversedBy: string | undefined;
    try {
      original = (await deps.store.loadTransactions(runner, [input.transactionId])).get(input.transactionId);
      const reversal = await deps.store.findReversal(runner, input.transactionId);
      if (reversal && reversal.idempotencyKey !== input.idempotencyKey) reversedBy = reversal.id;
    } finally {
      await runner.release();
    }
    if (!original || original.livemode !== input.livemode) throw new NotFoundError('transaction', input.transactionId);
    if (original.reversesTransactionId) throw new PreconditionError('reversal_of_reversal', 'a reversal cannot itself be reversed; post a new transaction');
    if (reversedBy) throw new PreconditionError('already_reversed', `transaction ${original.id} was already reversed by ${reversedBy}`);

    const command = validatePost({
      idempotencyKey: input.idempotencyKey,
      livemode: input.livemode,
      kind: 'reversal',
      description: input.description || `reversal of ${original.id}`,
      merchantId: original.merchantId,
      metadata: { reverses: original.id },
      postings: original.postings.map((p) => {
        const a = parseAccountId(p.accountId);
        return { ownerId: a.ownerId, type: a.type, amount: -p.amount };
      }),
      reversesTransactionId: original.id,
    });
    const outcome = await deps.committer.submit({ commands: [command] });
    if (!outcome.ok) throw outcome.error;
    if (!outcome.replayed) deps.metrics.posted(outcome.transactions);
    return { transaction: outcome.transactions[0], replayed: outcome.replayed };
  }, { livemode: input.livemode });
}
