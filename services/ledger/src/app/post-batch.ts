import { DomainError, useCase, ValidationError } from '@kessai/platform';
import { PostCommand, PostedTransaction, PostInput, validatePost } from '../domain/transaction';
import type { LedgerDeps } from './deps';

export const MAX_BATCH = 10_000;

export type BatchItemResult = { ok: true; transaction: PostedTransaction; replayed: boolean } | { ok: false; error: DomainError };

/**
 * Many transactions in one request and one database transaction: `atomic`
 * commits all or none; `per_item` reports each item's own result.
 */
export function postBatch(deps: LedgerDeps, inputs: PostInput[], mode: 'atomic' | 'per_item', opts: { batchEvent?: boolean } = {}): Promise<BatchItemResult[]> {
  return useCase('ledger.post_batch', async () => {
    const results = await commitBatch(deps, inputs, mode, opts.batchEvent ? {} : undefined);
    deps.metrics.posted(results.flatMap((r) => (r.ok && !r.replayed ? [r.transaction] : [])));
    return results;
  }, { mode, transactions: inputs.length });
}

/** `eventBatch`: an object shared by this call's groups, so the store writes one event for them (db/ledger-store.ts). */
async function commitBatch(deps: LedgerDeps, inputs: PostInput[], mode: 'atomic' | 'per_item', eventBatch?: object): Promise<BatchItemResult[]> {
  if (inputs.length === 0) throw ValidationError.field('transactions', 'at least one transaction');
  if (inputs.length > MAX_BATCH) throw ValidationError.field('transactions', `at most ${MAX_BATCH} transactions per batch`);

  if (mode === 'atomic') {
    const commands: PostCommand[] = [];
    const violations = [];
    for (const [i, input] of inputs.entries()) {
      try {
        commands.push(validatePost(input, `transactions[${i}]`));
      } catch (err) {
        if (err instanceof ValidationError) violations.push(...err.fieldViolations);
        else throw err;
      }
    }
    if (violations.length > 0) throw new ValidationError(violations);
    const [outcome] = await deps.committer.submitTogether([{ commands, eventBatch }]);
    if (!outcome.ok) throw outcome.error;
    return outcome.transactions.map((transaction) => ({ ok: true, transaction, replayed: outcome.replayed }));
  }

  const results: (BatchItemResult | undefined)[] = new Array(inputs.length);
  const groups: { index: number; command: PostCommand }[] = [];
  inputs.forEach((input, index) => {
    try {
      groups.push({ index, command: validatePost(input, `transactions[${index}]`) });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      results[index] = { ok: false, error: err };
    }
  });
  if (groups.length > 0) {
    const outcomes = await deps.committer.submitTogether(groups.map((g) => ({ commands: [g.command], eventBatch })));
    outcomes.forEach((o, i) => {
      results[groups[i].index] = o.ok ? { ok: true, transaction: o.transactions[0], replayed: o.replayed } : o;
    });
  }
  return results as BatchItemResult[];
}
