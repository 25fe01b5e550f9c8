/** A counter as the use cases use it (a prom-client Counter, registered in main.ts). */
interface Counter<L extends string> {
  inc(labels: Record<L, string>, value?: number): void;
}

/** Billing's business counters, served on /metrics. */
export interface BillingMetrics {
  /** `kessai_bills_created_total{livemode}`: bills registered (not replays) */
  billsCreated: Counter<'livemode'>;
  /** `kessai_store_payments_total{status}`: store payments reaching a status (preliminary, confirmed, cancelled) */
  storePayments: Counter<'status'>;
}

export const modeLabel = (livemode: boolean): string => (livemode ? 'live' : 'test');
