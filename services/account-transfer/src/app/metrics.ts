import type { Metrics } from '@kessai/platform';

/** The account-transfer service's business counters (served on /metrics). */
export interface AccountTransferMetrics {
  debit(outcome: 'succeeded' | 'failed' | 'unknown' | 'maintenance', source: 'single' | 'batch'): void;
  mandateChanges(source: string, count: number): void;
}

export function accountTransferMetrics(metrics: Metrics): AccountTransferMetrics {
  const debits = metrics.counter('kessai_account_transfer_debits_total', 'debits by outcome (succeeded, failed, unknown, maintenance) and source (single, batch)', ['outcome', 'source']);
  const mandates = metrics.counter('kessai_account_transfer_mandate_changes_total', 'mandate status changes by source', ['source']);
  return {
    debit(outcome, source) {
      debits.inc({ outcome, source });
    },
    mandateChanges(source, count) {
      if (count > 0) mandates.inc({ source }, count);
    },
  };
}
