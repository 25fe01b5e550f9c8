import { webhookEventsV1 } from '@kessai/contracts';
import type { EventHandler } from '@kessai/platform';
import type { LedgerDeps } from '../app/deps';
import { applyMoneyFact } from '../app/apply-money-fact';
import { bookStoreSettlement } from '../app/book-store-settlement';
import { MONEY_FACTS } from './money-facts';

/**
 * One inbox handler per money fact. It posts inside the inbox transaction, so
 * the event is marked processed exactly when its postings commit. A fact that
 * cannot be posted (bad payload, insufficient funds) fails and is retried,
 * then dead-lettered — never silently skipped.
 */
export function moneyFactHandlers(deps: LedgerDeps): [string, EventHandler][] {
  return [...Object.entries(MONEY_FACTS).map(([eventType, map]): [string, EventHandler] => [
    eventType,
    async ({ envelope }, tx) => {
      const input = map(envelope);
      if (!input) return;
      await applyMoneyFact(deps, tx.queryRunner!, eventType, input);
    },
  ]), ['webhook.store_settlement.received', storeSettlementHandler(deps)]];
}

/** A store chain handed money over: booked and compared (app/book-store-settlement.ts). */
function storeSettlementHandler(deps: LedgerDeps): EventHandler {
  return async ({ envelope }, tx) => {
    const s = webhookEventsV1.StoreSettlementReceived.decode(envelope.payload);
    await bookStoreSettlement(deps, tx.queryRunner!, {
      livemode: envelope.livemode,
      chain: s.chain,
      amount: s.amount,
      depositId: s.depositId,
      partner: s.partner,
      partnerEventId: s.partnerEventId || envelope.id,
      period: s.periodFrom && s.periodTo ? { from: s.periodFrom, to: s.periodTo } : null,
      receivedOn: s.businessDate || null,
      ediInfo: s.ediInfo,
      bankReference: s.bankReference,
    });
  };
}
