import { feesEventsV1 } from '@kessai/contracts';
import type { EventEnvelope } from '@kessai/platform';

/** The settlement part of the public event catalogue (docs/events.md#settlement). */
export const FEES_PUBLIC_TYPES = {
  'statement.fixed': 'A collection statement was fixed (the 5th bank business day after the close): `payout_amount` is paid on `payout_date`, or `carried_over` goes to the next statement.',
  'payout.paid': 'The bank executed a payout to your payout account.',
  'payout.failed': 'The bank could not execute a payout (`failure_code`): correct your payout account; the amount is paid with the next payout after that.',
} as const;
export type FeesPublicType = keyof typeof FEES_PUBLIC_TYPES;

export const FEES_PUBLIC_SOURCES = ['fees.statement.fixed', 'fees.payout.paid', 'fees.payout.failed'] as const;

/** A fees event → its public type and `data.object` (snake_case), or null. Pure. */
export function feesPublicEvent(envelope: EventEnvelope): { type: FeesPublicType; object: Record<string, unknown> } | null {
  const iso = (d: Date | undefined) => (d ? d.toISOString() : null);
  switch (envelope.type) {
    case 'fees.statement.fixed': {
      const s = feesEventsV1.StatementFixed.decode(envelope.payload).statement;
      if (!s) return null;
      return {
        type: 'statement.fixed',
        object: {
          object: 'statement', id: s.id, status: s.status, settlement_cycle: s.settlementCycle, period_start: s.periodStart, period_close: s.periodClose, fix_date: s.fixDate,
          payout_date: s.payoutDate, currency: 'jpy', confirmed_collections: s.confirmedCollections, fees: s.fees, consumption_tax: s.consumptionTax, stamp_duty: s.stampDuty,
          payout_fee: s.payoutFee, carried_in: s.carriedIn, payout_amount: s.payoutAmount, carried_over: s.carriedOver, fixed_at: iso(s.fixedAt ?? envelope.occurredAt),
        },
      };
    }
    case 'fees.payout.paid':
    case 'fees.payout.failed': {
      const p = feesEventsV1.PayoutChanged.decode(envelope.payload).payout;
      if (!p) return null;
      return {
        type: envelope.type === 'fees.payout.paid' ? 'payout.paid' : 'payout.failed',
        object: {
          object: 'payout', id: p.id, statement: p.statementId, status: p.state, amount: p.amount, currency: 'jpy', payout_date: p.payoutDate, execution_date: p.executionDate || null,
          failure_code: p.failureCode || null, bank_code: p.bankCode || null, branch_code: p.branchCode || null, account_number_last4: p.accountNumberLast4 || null,
          settled_at: iso(p.settledAt), updated: iso(p.updatedAt ?? envelope.occurredAt),
        },
      };
    }
    default:
      return null;
  }
}
