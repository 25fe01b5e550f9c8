import type { Metrics } from '@kessai/platform';

/** The gateway's business counters, served on the ops port at /metrics beside the platform's. */
export function gatewayMetrics(metrics: Metrics) {
  return {
    /** `tenant`: "true" for a merchant created under an owner */
    merchantsCreated: metrics.counter('kessai_merchants_created_total', 'merchants created (replays not counted)', ['tenant']),
    /** `livemode`: "true" for live keys; a roll issues a key too */
    apiKeysIssued: metrics.counter('kessai_api_keys_issued_total', 'API keys issued, by issue or roll', ['livemode']),
  };
}
export type GatewayMetrics = ReturnType<typeof gatewayMetrics>;
