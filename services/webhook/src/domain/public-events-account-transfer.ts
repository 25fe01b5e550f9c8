import { accountTransferEventsV1 } from '@kessai/contracts';
import type { EventEnvelope } from '@kessai/platform';

/** The direct-debit part of the public event catalogue (docs/events.md). */
export const ACCOUNT_TRANSFER_PUBLIC_TYPES = {
  'debit.succeeded': 'A direct debit was debited from the customer\'s account (result code 0); the bank credits you the next business day.',
  'debit.failed': 'A direct debit was refused by the bank, with its result code (1 insufficient funds, 2 no such account, 3 stopped by the depositor, 4 no mandate, 8 stopped by the requester, 9 other).',
  'debit_batch.completed': 'Every debit of a bulk upload has its result: the results CSV is ready.',
  'mandate.requested': 'You registered a direct-debit mandate; it waits for the bank.',
  'mandate.active': 'The bank registered a mandate: the customer can be debited.',
  'mandate.rejected': 'The bank rejected a mandate.',
  'mandate.cancelled': 'The bank cancelled a mandate.',
  'mandate_mismatches.found': 'This morning\'s comparison of your customer master with the bank\'s mandate list found mismatches.',
} as const;
export type AccountTransferPublicType = keyof typeof ACCOUNT_TRANSFER_PUBLIC_TYPES;

export const ACCOUNT_TRANSFER_PUBLIC_SOURCES = [
  'account_transfer.debit.succeeded',
  'account_transfer.debit.failed',
  'account_transfer.debit_batch.completed',
  'account_transfer.mandate.requested',
  'account_transfer.mandate.activated',
  'account_transfer.mandate.rejected',
  'account_transfer.mandate.cancelled',
  'account_transfer.mandate_mismatches.found',
] as const;

/** An account-transfer event → its public type and `data.object`, or null. Pure. */
export function accountTransferPublicEvent(envelope: EventEnvelope): { type: AccountTransferPublicType; object: Record<string, unknown> } | null {
  const when = (d: Date | undefined) => (d ?? envelope.occurredAt ?? new Date()).toISOString();
  switch (envelope.type) {
    case 'account_transfer.debit.succeeded':
    case 'account_transfer.debit.failed': {
      const d = accountTransferEventsV1.DebitCompleted.decode(envelope.payload);
      return {
        type: envelope.type === 'account_transfer.debit.succeeded' ? 'debit.succeeded' : 'debit.failed',
        object: {
          object: 'debit', id: d.debitId, customer: d.customerId, customer_ref: d.customerRef, contract: d.contractId, amount: d.amount, currency: 'jpy',
          result_code: d.resultCode, result_message: d.resultMessage, debited_on: d.debitedOn, expected_credit_on: d.expectedCreditOn || null,
          batch: d.batchId || null, completed: when(d.completedAt),
        },
      };
    }
    case 'account_transfer.debit_batch.completed': {
      const b = accountTransferEventsV1.DebitBatchCompleted.decode(envelope.payload);
      return { type: 'debit_batch.completed', object: { object: 'debit_batch', id: b.batchId, total: b.total, succeeded: b.succeeded, failed: b.failed, succeeded_amount: b.succeededAmount, completed: when(b.completedAt) } };
    }
    case 'account_transfer.mandate.requested':
    case 'account_transfer.mandate.activated':
    case 'account_transfer.mandate.rejected':
    case 'account_transfer.mandate.cancelled': {
      const m = accountTransferEventsV1.MandateChanged.decode(envelope.payload);
      return {
        type: `mandate.${m.status}` as AccountTransferPublicType,
        object: { object: 'mandate', id: m.mandateId, customer: m.customerId, customer_ref: m.customerRef, contract: m.contractId, status: m.status, previous_status: m.previousStatus || null, changed_on: m.changedOn, source: m.source },
      };
    }
    case 'account_transfer.mandate_mismatches.found': {
      const r = accountTransferEventsV1.MandateMismatchesFound.decode(envelope.payload);
      return { type: 'mandate_mismatches.found', object: { object: 'mandate_mismatch_list', run_on: r.runOn, count: r.count, by_kind: r.byKind } };
    }
    default:
      return null;
  }
}
