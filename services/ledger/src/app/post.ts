import { useCase } from '@kessai/platform';
import { PostedTransaction, PostInput, validatePost } from '../domain/transaction';
import type { LedgerDeps } from './deps';

export interface PostResult {
  transaction: PostedTransaction;
  replayed: boolean;
}

/** Posts one balanced transaction, idempotently (through the group committer). */
export function postTransaction(deps: LedgerDeps, input: PostInput): Promise<PostResult> {
  return useCase('ledger.post_transaction', async () => {
    const command = validatePost(input);
    const outcome = await deps.committer.submit({ commands: [command] });
    if (!outcome.ok) throw outcome.error;
    if (!outcome.replayed) deps.metrics.posted(outcome.transactions);
    return { transaction: outcome.transactions[0], replayed: outcome.replayed };
  }, { livemode: input.livemode });
}
