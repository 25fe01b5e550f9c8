import type { Metrics } from '@kessai/platform';

/** The fees service's business counters (served on /metrics). */
export interface FeesMetrics {
  itemsAccrued(kind: string, livemode: boolean): void;
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

export function feesMetrics(metrics: Metrics): FeesMetrics {
  const items = metrics.counter('kessai_fees_items_accrued_total', 'fee items accrued, by kind', ['kind', 'livemode']);
  return { itemsAccrued: (kind, livemode) => items.inc({ kind, livemode: String(livemode) }) };
}
