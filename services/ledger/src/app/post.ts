import { validatePost, PostInput } from '../domain/transaction';
import type { StoredTransaction } from '../db/ledger-store';
import type { LedgerDeps } from './deps';

export interface PostResult {
  transaction: StoredTransaction;
  replayed: boolean;
}

/** Posts one balanced transaction, idempotently. */
export async function postTransaction(deps: LedgerDeps, input: PostInput): Promise<PostResult> {
  const command = validatePost(input);
  const outcome = await deps.committer.submit({ commands: [command] });
  if (!outcome.ok) throw outcome.error;
  return { transaction: outcome.transactions[0], replayed: outcome.replayed };
}
