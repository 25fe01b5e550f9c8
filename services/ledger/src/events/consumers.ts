import type { EventHandler } from '@kessai/platform';
import { validatePost } from '../domain/transaction';
import type { LedgerDeps } from '../app/deps';
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
      const command = validatePost(input);
      const { outcomes } = await deps.store.applyGroups(tx.queryRunner!, [{ commands: [command] }], deps.clock.now());
      if (!outcomes[0].ok) throw outcomes[0].error;
      deps.eventsCommitted();
    },
  ]);
}
