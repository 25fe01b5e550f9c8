import type { Counter, Histogram } from 'prom-client';
import type { Metrics } from '@kessai/platform';

/** The webhook service's business counters (on /metrics with the platform's). */
export interface WebhookMetrics {
  /** outbound deliveries by what an attempt led to: `delivered`, `retry` (another attempt planned) or `failed` (given up) */
  deliveries: Counter<'outcome'>;
  /** outbound attempts by response: `succeeded` (2xx) or `failed` */
  attempts: Counter<'outcome'>;
  /** outbound attempt time, request to response */
  latency: Histogram;
  /** store results recorded with a payment number that fits no chain's shape (flagged, never refused) */
  storeResultsUnrecognised: Counter;
}

export function webhookMetrics(metrics: Metrics): WebhookMetrics {
  return {
    deliveries: metrics.counter('kessai_webhook_deliveries_total', 'outbound webhook deliveries by outcome (delivered, retry, failed)', ['outcome']),
    attempts: metrics.counter('kessai_webhook_delivery_attempts_total', 'outbound webhook attempts by outcome', ['outcome']),
    latency: metrics.histogram('kessai_webhook_delivery_seconds', 'outbound webhook attempt time (request to response)', [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]),
    storeResultsUnrecognised: metrics.counter(
      'kessai_store_results_unrecognised_total',
      'store payment results recorded and flagged because their payment number fits no chain shape',
    ),
  };
}
