import { QueryRunner, useCase } from '@kessai/platform';
import { PostInput, validatePost } from '../domain/transaction';
import type { LedgerDeps } from './deps';

/**
 * Posts the transaction a money fact (an event of another service) causes,
 * inside the inbox's transaction: the event counts as processed exactly when
 * its postings commit. A fact that cannot be posted throws (and is retried,
 * then dead-lettered).
 */
export function applyMoneyFact(deps: LedgerDeps, tx: QueryRunner, eventType: string, input: PostInput): Promise<void> {
  return useCase('ledger.apply_money_fact', async () => {
    const command = validatePost(input);
    const { outcomes } = await deps.store.applyGroups(tx, [{ commands: [command] }], deps.clock.now());
    const outcome = outcomes[0];
    if (!outcome.ok) throw outcome.error;
    if (!outcome.replayed) deps.metrics.posted(outcome.transactions);
    deps.eventsCommitted();
  }, { event_type: eventType, livemode: input.livemode });
}
