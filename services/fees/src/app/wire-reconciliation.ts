import type { feesV1 } from '@kessai/contracts';
import type { DifferenceRow, RunRow } from '../db/reconciliation-store';

/** The shapes ReconciliationService carries. */
export function runToWire(r: RunRow): feesV1.ReconciliationRun {
  return {
    id: r.id, livemode: r.livemode, day: r.day, status: r.status, differenceCount: r.differenceCount, bankMovements: r.bankMovements, ledgerEntries: r.ledgerEntries,
    matched: r.matched, bankTotal: r.bankTotal, ledgerTotal: r.ledgerTotal, reconciledAt: r.reconciledAt,
  };
}

export function differenceToWire(d: DifferenceRow): feesV1.ReconciliationDifference {
  return {
    id: d.id, runId: d.runId, livemode: d.livemode, day: d.day, category: d.category, kind: d.kind, bankAmount: d.bankAmount, bankReference: d.bankReference,
    ledgerAmount: d.ledgerAmount, ledgerReference: d.ledgerReference, serviceAmount: d.serviceAmount, serviceReference: d.serviceReference, cause: d.cause,
  };
}
