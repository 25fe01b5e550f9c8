import { ValidationError } from '@kessai/platform';
import { PLATFORM_OWNER } from './accounts';
import type { PostInput } from './transaction';

/**
 * A store chain handing collected money over (docs/reference/konbini.md#store-chain-settlements):
 * the transfer is booked whatever its amount — the money is at the bank — and
 * compared with what Kessai expected from the chain for the week it names.
 */
export interface StoreSettlementFact {
  livemode: boolean;
  chain: string;
  amount: number;
  depositId: string;
  partner: string;
  partnerEventId: string;
  /** the week (YYYY-MM-DD); null when the transfer named none */
  period: { from: string; to: string } | null;
  receivedOn: string | null;
  ediInfo: string;
  /** the bank's reference of the transfer (what its statement shows), for the daily reconciliation */
  bankReference?: string;
}

export type StoreSettlementStatus = 'matched' | 'mismatch' | 'unknown_period';

export interface StoreSettlement extends StoreSettlementFact {
  id: string;
  expected: number;
  difference: number;
  status: StoreSettlementStatus;
  transactionId: string;
  bookedAt: Date;
}

/** The store receivable is cleared by what arrived at the bank: platform bank ← store receivable. */
export function settlementPosting(f: StoreSettlementFact): PostInput {
  if (!Number.isSafeInteger(f.amount) || f.amount <= 0) throw ValidationError.field('amount', 'a positive whole number of yen');
  if (!f.chain) throw ValidationError.field('chain', 'required');
  return {
    idempotencyKey: `store-settlement:${f.partner}:${f.partnerEventId}`,
    livemode: f.livemode,
    kind: 'store_settlement.received',
    description: `${f.chain} settlement${f.period ? ` ${f.period.from}..${f.period.to}` : ''}`,
    merchantId: '',
    metadata: {
      chain: f.chain,
      deposit_id: f.depositId,
      period_from: f.period?.from ?? '',
      period_to: f.period?.to ?? '',
      edi_info: f.ediInfo,
      // the bank's side of it, read by the fees service's daily reconciliation
      bank_reference: f.bankReference ?? '',
      business_date: f.receivedOn ?? '',
    },
    postings: [
      { ownerId: PLATFORM_OWNER, type: 'platform_bank', amount: -f.amount },
      { ownerId: PLATFORM_OWNER, type: 'platform_store_receivable', amount: f.amount },
    ],
  };
}

/**
 * How a transfer compares: `expected` is the week's confirmed collections at
 * the chain less what earlier transfers for the week brought. Without a week
 * there is nothing to compare with (expected 0, the whole amount unexplained).
 */
export function compareSettlement(amount: number, expected: number | null): { expected: number; difference: number; status: StoreSettlementStatus } {
  if (expected === null) return { expected: 0, difference: amount, status: 'unknown_period' };
  const difference = amount - expected;
  return { expected, difference, status: difference === 0 ? 'matched' : 'mismatch' };
}
