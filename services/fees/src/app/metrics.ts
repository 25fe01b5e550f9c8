import type { DataSource, Metrics } from '@kessai/platform';
import { reconciliationStore } from '../db/reconciliation-store';

/** The fees service's business counters (served on /metrics). */
export interface FeesMetrics {
  itemsAccrued(kind: string, livemode: boolean): void;
  /** a day reconciled, with how many differences it found */
  reconciled(livemode: boolean, day: string, differences: number): void;
}

/**
 * kessai_fees_invoices_overdue{livemode}: invoices flagged overdue and still
 * unpaid, counted in the database at each scrape (every replica reports the
 * same figure; an alert watches max > 0).
 */
export function overdueInvoicesGauge(metrics: Metrics, count: () => Promise<{ livemode: boolean; n: number }[]>): void {
  metrics.gauge('kessai_fees_invoices_overdue', 'remittance-fee invoices past their due date, unpaid', ['livemode'], async (g) => {
    const counts = await count();
    for (const livemode of [false, true]) g.set({ livemode: String(livemode) }, counts.find((c) => c.livemode === livemode)?.n ?? 0);
  });
}

export function feesMetrics(metrics: Metrics, dataSource?: DataSource): FeesMetrics {
  const items = metrics.counter('kessai_fees_items_accrued_total', 'fee items accrued, by kind', ['kind', 'livemode']);
  const runs = metrics.counter('kessai_reconciliation_runs_total', 'days reconciled, by outcome', ['livemode', 'status']);
  // The differences of the last reconciled day, read from Postgres when scraped, so every replica
  // serves the same value whichever one ran the job (docs/operations.md: the alert on it).
  metrics.gauge('kessai_reconciliation_differences', 'differences found by the reconciliation of the last reconciled day', ['livemode'], async (gauge) => {
    if (!dataSource?.isInitialized) return;
    for (const livemode of [false, true]) {
      const run = await reconciliationStore.latest(dataSource, livemode);
      if (run) gauge.set({ livemode: String(livemode) }, run.differenceCount);
    }
  });
  return {
    itemsAccrued: (kind, livemode) => items.inc({ kind, livemode: String(livemode) }),
    reconciled: (livemode, _day, differences) => runs.inc({ livemode: String(livemode), status: differences === 0 ? 'clean' : 'differences' }),
  };
}
