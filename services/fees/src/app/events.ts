import { feesEventsV1 } from '@kessai/contracts';
import type { DomainEvent } from '@kessai/platform';
import type { DifferenceRow, RunRow } from '../db/reconciliation-store';
import type { FeeItemView, PayoutView, ScheduleView, StatementView } from './views';
import { feeItemToWire, payoutToWire, scheduleToWire, statementToWire } from './wire';
import { differenceToWire, runToWire } from './wire-reconciliation';

/** fees.item.accrued (docs/events.md). */
export function feeItemEvent(item: FeeItemView): DomainEvent {
  return {
    type: 'fees.item.accrued',
    aggregateId: item.id,
    merchantId: item.merchantId,
    livemode: item.livemode,
    occurredAt: item.accruedAt,
    payloadType: 'kessai.fees.events.v1.FeeItemAccrued',
    payload: feesEventsV1.FeeItemAccrued.encode({ item: feeItemToWire(item) }).finish(),
  };
}

/** fees.schedule.changed: amounts from a date on (both modes). */
export function scheduleEvent(s: ScheduleView, at: Date): DomainEvent {
  return {
    type: 'fees.schedule.changed',
    aggregateId: s.merchantId,
    merchantId: s.merchantId,
    livemode: false,
    occurredAt: at,
    payloadType: 'kessai.fees.events.v1.FeeScheduleChanged',
    payload: feesEventsV1.FeeScheduleChanged.encode({ schedule: scheduleToWire(s) }).finish(),
  };
}

/** fees.statement.fixed: a collection statement fixed on its fix date. */
export function statementEvent(s: StatementView): DomainEvent {
  return {
    type: 'fees.statement.fixed',
    aggregateId: s.id,
    merchantId: s.merchantId,
    livemode: s.livemode,
    occurredAt: s.fixedAt ?? new Date(0),
    payloadType: 'kessai.fees.events.v1.StatementFixed',
    payload: feesEventsV1.StatementFixed.encode({ statement: statementToWire(s) }).finish(),
  };
}

/** fees.payout.submitted / .paid / .failed: a statement's payout handed to remittance, executed, or refused by the bank. */
export function payoutEvent(kind: 'submitted' | 'paid' | 'failed', p: PayoutView, at: Date): DomainEvent {
  return {
    type: `fees.payout.${kind}`,
    aggregateId: p.id,
    merchantId: p.merchantId,
    livemode: p.livemode,
    occurredAt: at,
    payloadType: 'kessai.fees.events.v1.PayoutChanged',
    payload: feesEventsV1.PayoutChanged.encode({ payout: payoutToWire(p) }).finish(),
  };
}

/** The differences an event carries at most (the rest through GetReconciliation). */
export const EVENT_DIFFERENCES_MAX = 100;

/** fees.reconciliation.completed: a day reconciled, clean or with its differences. */
export function reconciliationEvent(run: RunRow, differences: DifferenceRow[]): DomainEvent {
  return {
    type: 'fees.reconciliation.completed',
    aggregateId: run.id,
    merchantId: '',
    livemode: run.livemode,
    occurredAt: run.reconciledAt,
    payloadType: 'kessai.fees.events.v1.ReconciliationCompleted',
    payload: feesEventsV1.ReconciliationCompleted.encode({ run: runToWire(run), differences: differences.slice(0, EVENT_DIFFERENCES_MAX).map(differenceToWire) }).finish(),
  };
}
