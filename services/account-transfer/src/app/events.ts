import { accountTransferEventsV1 } from '@kessai/contracts';
import type { DomainEvent } from '@kessai/platform';
import { mandateEventType, type MandateSource, type MandateStatus } from '../domain/mandate';
import { resultMeaning } from '../domain/result-codes';
import type { BatchView, DebitView } from '../domain/views';

const PKG = 'kessai.account_transfer.events.v1';

export function debitCompletedEvent(d: DebitView, now: Date): DomainEvent {
  return {
    type: d.status === 'succeeded' ? 'account_transfer.debit.succeeded' : 'account_transfer.debit.failed',
    aggregateId: d.id, merchantId: d.merchantId, livemode: d.livemode, occurredAt: now, payloadType: `${PKG}.DebitCompleted`,
    payload: accountTransferEventsV1.DebitCompleted.encode({
      debitId: d.id, customerId: d.customerId, customerRef: d.customerRef, contractId: d.contractId, amount: d.amount, resultCode: d.resultCode ?? 9,
      resultMessage: d.resultCode === null ? '' : resultMeaning(d.resultCode), debitedOn: d.debitedOn ?? '', expectedCreditOn: d.expectedCreditOn ?? '',
      batchId: d.batchId ?? '', completedAt: d.completedAt ?? now,
    }).finish(),
  };
}

export function batchCompletedEvent(b: BatchView, now: Date): DomainEvent {
  return {
    type: 'account_transfer.debit_batch.completed', aggregateId: b.id, merchantId: b.merchantId, livemode: b.livemode, occurredAt: now,
    payloadType: `${PKG}.DebitBatchCompleted`,
    payload: accountTransferEventsV1.DebitBatchCompleted.encode({
      batchId: b.id, total: b.total, succeeded: b.counts.succeeded, failed: b.counts.failed, succeededAmount: b.succeededAmount, completedAt: b.completedAt ?? now,
    }).finish(),
  };
}

export function mandateChangedEvent(
  m: { id: string; merchantId: string; livemode: boolean; customerId: string; customerRef: string; contractId: string },
  change: { status: MandateStatus; previous: MandateStatus | ''; changedOn: string; source: MandateSource },
  now: Date,
): DomainEvent {
  return {
    type: mandateEventType(change.status), aggregateId: m.id, merchantId: m.merchantId, livemode: m.livemode, occurredAt: now,
    payloadType: `${PKG}.MandateChanged`,
    payload: accountTransferEventsV1.MandateChanged.encode({
      mandateId: m.id, customerId: m.customerId, customerRef: m.customerRef, contractId: m.contractId, status: change.status,
      previousStatus: change.previous, changedOn: change.changedOn, source: change.source,
    }).finish(),
  };
}

export function mismatchesFoundEvent(r: { merchantId: string; livemode: boolean; runOn: string; count: number; byKind: Record<string, number> }, now: Date): DomainEvent {
  return {
    type: 'account_transfer.mandate_mismatches.found', aggregateId: `${r.merchantId}:${r.runOn}`, merchantId: r.merchantId, livemode: r.livemode, occurredAt: now,
    payloadType: `${PKG}.MandateMismatchesFound`,
    payload: accountTransferEventsV1.MandateMismatchesFound.encode({ runOn: r.runOn, count: r.count, byKind: r.byKind }).finish(),
  };
}

export function reconciliationEvent(r: { id: string; merchantId: string; livemode: boolean; debitId: string; answeredCode: number; reportedCode: number }, now: Date): DomainEvent {
  return {
    type: 'account_transfer.reconciliation_item.created', aggregateId: r.debitId, merchantId: r.merchantId, livemode: r.livemode, occurredAt: now,
    payloadType: `${PKG}.ReconciliationItemCreated`,
    payload: accountTransferEventsV1.ReconciliationItemCreated.encode({ itemId: r.id, debitId: r.debitId, answeredCode: r.answeredCode, reportedCode: r.reportedCode }).finish(),
  };
}
