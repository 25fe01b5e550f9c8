import type { Metrics } from '@kessai/platform';

/** The fees service's business counters (served on /metrics). */
export interface FeesMetrics {
  itemsAccrued(kind: string, livemode: boolean): void;
}

export function feesMetrics(metrics: Metrics): FeesMetrics {
  const items = metrics.counter('kessai_fees_items_accrued_total', 'fee items accrued, by kind', ['kind', 'livemode']);
  return { itemsAccrued: (kind, livemode) => items.inc({ kind, livemode: String(livemode) }) };
}
