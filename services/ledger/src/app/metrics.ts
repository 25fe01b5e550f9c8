import type { Metrics } from '@kessai/platform';
import type { PostedTransaction } from '../domain/transaction';

export type HoldOutcome = 'created' | 'captured' | 'released';

/** The ledger's business counters (served on /metrics). */
export interface LedgerMetrics {
  /** transactions posted (replays are not counted), by kind */
  posted(transactions: PostedTransaction[]): void;
  /** holds created, captured and released (replays are not counted) */
  hold(outcome: HoldOutcome): void;
  /** store-chain settlements booked, by how they compared (matched, mismatch, unknown_period) */
  storeSettlement(livemode: boolean, status: string): void;
}

export function ledgerMetrics(metrics: Metrics): LedgerMetrics {
  const transfers = metrics.counter('kessai_ledger_transfers_total', 'ledger transactions posted, by kind', ['kind']);
  const holds = metrics.counter('kessai_ledger_holds_total', 'hold operations done, by outcome', ['outcome']);
  const settlements = metrics.counter('kessai_ledger_store_settlements_total', 'store-chain settlements booked, by how they compared with what was expected', ['livemode', 'status']);
  return {
    storeSettlement(livemode, status) {
      settlements.inc({ livemode: livemode ? 'live' : 'test', status });
    },
    posted(transactions) {
      // one increment per kind, not per transaction: a PostBatch may post 10,000
      const byKind = new Map<string, number>();
      for (const t of transactions) byKind.set(t.kind, (byKind.get(t.kind) ?? 0) + 1);
      for (const [kind, n] of byKind) transfers.inc({ kind }, n);
    },
    hold(outcome) {
      holds.inc({ outcome });
    },
  };
}
