import type { StatementFigures } from './statement';

/** The ledger accounts the fees service posts to (docs/reference/fees-and-settlement.md#ledger-accounts). */
export type LedgerAccountType = 'collections' | 'payouts_in_transit' | 'platform_fee_revenue' | 'platform_tax_payable' | 'platform_stamp_duty' | 'platform_bank';

/** The ledger's owner id of the platform's own accounts. */
export const PLATFORM_OWNER = 'platform';

export interface LedgerPosting {
  ownerId: string;
  type: LedgerAccountType;
  amount: number;
}

/**
 * A statement's transaction: the merchant's `collections` give what the
 * statement settles; fee revenue gets the fees and the payout fee, tax payable
 * the tax, stamp duty payable the stamp duty, `payouts_in_transit` the payout.
 * Lines of 0 are left out (a carried-over statement moves only its fees, tax
 * and stamp duty; what it carries stays on `collections`); no lines at all
 * when nothing moves. The lines sum to zero by construction.
 *
 * An owner's statement also settles tenants without a payout account of their
 * own: the ledger credited their collections to their own `collections`, so
 * each gives its share to the statement and the owner's line takes the rest
 * (what carries over then stays with the owner, whose statement it is).
 */
export function statementPostings(
  merchantId: string,
  s: Pick<StatementFigures, 'fees' | 'payoutFee' | 'consumptionTax' | 'stampDuty' | 'payoutAmount'>,
  tenantCollections: readonly { merchantId: string; confirmedCollections: number }[] = [],
): LedgerPosting[] {
  const revenue = s.fees + s.payoutFee;
  const moved = revenue + s.consumptionTax + s.stampDuty + s.payoutAmount;
  const tenants = tenantCollections.filter((t) => t.merchantId !== merchantId);
  const fromTenants = tenants.reduce((sum, t) => sum + t.confirmedCollections, 0);
  const lines: LedgerPosting[] = [
    ...tenants.map((t) => ({ ownerId: t.merchantId, type: 'collections' as const, amount: -t.confirmedCollections })),
    { ownerId: merchantId, type: 'collections', amount: fromTenants - moved },
    { ownerId: PLATFORM_OWNER, type: 'platform_fee_revenue', amount: revenue },
    { ownerId: PLATFORM_OWNER, type: 'platform_tax_payable', amount: s.consumptionTax },
    { ownerId: PLATFORM_OWNER, type: 'platform_stamp_duty', amount: s.stampDuty },
    { ownerId: merchantId, type: 'payouts_in_transit', amount: s.payoutAmount },
  ];
  return lines.filter((l) => l.amount !== 0);
}

/** A payout the bank executed: out of transit, out of Kessai's bank account (which goes down: it is what Kessai has, negative by convention, so +amount). */
export function payoutPaidPostings(merchantId: string, amount: number): LedgerPosting[] {
  return [
    { ownerId: merchantId, type: 'payouts_in_transit', amount: -amount },
    { ownerId: PLATFORM_OWNER, type: 'platform_bank', amount },
  ];
}

/** A payout the bank refused: back from transit to the merchant's collections, paid with a later statement. */
export function payoutFailedPostings(merchantId: string, amount: number): LedgerPosting[] {
  return [
    { ownerId: merchantId, type: 'payouts_in_transit', amount: -amount },
    { ownerId: merchantId, type: 'collections', amount },
  ];
}
