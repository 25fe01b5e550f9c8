import type { EventHandler } from '@kessai/platform';
import type { LedgerDeps } from '../app/deps';
import { applyMoneyFact } from '../app/apply-money-fact';
import { MONEY_FACTS } from './money-facts';

/**
 * One inbox handler per money fact. It posts inside the inbox transaction, so
 * the event is marked processed exactly when its postings commit. A fact that
 * cannot be posted (bad payload, insufficient funds) fails and is retried,
 * then dead-lettered — never silently skipped.
 */
export function moneyFactHandlers(deps: LedgerDeps): [string, EventHandler][] {
  return Object.entries(MONEY_FACTS).map(([eventType, map]) => [
    eventType,
    async ({ envelope }, tx) => {
      const input = map(envelope);
      if (!input) return;
      await applyMoneyFact(deps, tx.queryRunner!, eventType, input);
    },
  ]);
}
