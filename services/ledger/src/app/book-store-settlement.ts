import { newId, QueryRunner, useCase } from '@kessai/platform';
import { settlementsStore } from '../db/settlements-store';
import { compareSettlement, settlementPosting, StoreSettlementFact } from '../domain/store-settlement';
import { validatePost } from '../domain/transaction';
import type { LedgerDeps } from './deps';

/**
 * A store chain's transfer reached Kessai's bank (webhook.store_settlement.received):
 * inside the inbox's transaction, book it (platform bank ← store receivable,
 * once per partner event: the transaction's idempotency key) and record how
 * it compares with the week's confirmed collections at the chain. A
 * transfer that does not match is booked all the same and flagged
 * (docs/reference/konbini.md#store-chain-settlements).
 */
export function bookStoreSettlement(deps: LedgerDeps, tx: QueryRunner, fact: StoreSettlementFact): Promise<void> {
  return useCase('ledger.book_store_settlement', async () => {
    const command = validatePost(settlementPosting(fact));
    if (fact.period) await settlementsStore.lockWeek(tx, fact.livemode, fact.chain, fact.period.from);
    const now = deps.clock.now();
    const { outcomes } = await deps.store.applyGroups(tx, [{ commands: [command] }], now);
    const outcome = outcomes[0];
    if (!outcome.ok) throw outcome.error;
    if (outcome.replayed) return;
    const expected = fact.period
      ? (await settlementsStore.confirmedInWeek(tx, fact.livemode, fact.chain, fact.period.from, fact.period.to)) -
        (await settlementsStore.receivedForWeek(tx, fact.livemode, fact.chain, fact.period.from))
      : null;
    const compared = compareSettlement(fact.amount, expected);
    await settlementsStore.insert(tx, { ...fact, ...compared, id: newId('stl', now.getTime()), transactionId: outcome.transactions[0].id, bookedAt: now });
    deps.metrics.posted(outcome.transactions);
    deps.metrics.storeSettlement(fact.livemode, compared.status);
    if (compared.status !== 'matched') {
      deps.logger.warn({ chain: fact.chain, period: fact.period, amount: fact.amount, expected: compared.expected, difference: compared.difference, status: compared.status }, 'store settlement booked but flagged for reconciliation');
    }
    deps.eventsCommitted();
  }, { chain: fact.chain, livemode: fact.livemode });
}
