/**
 * An owner's statement settles its tenants without a payout account of their
 * own too (docs/reference/fees-and-settlement.md#tenants): its figures per
 * merchant on it, the owner included. Consumption tax and the payout fee stay
 * the statement's (once per document).
 */
export interface TenantShare {
  merchantId: string;
  confirmedCollections: number;
  collectionCount: number;
  fees: number;
  stampDuty: number;
}

export function tenantShares(
  statementMerchant: string,
  collections: readonly { merchantId: string; amount: number }[],
  lines: readonly { merchantId: string; amount: number; taxable: boolean }[],
): TenantShare[] {
  const by = new Map<string, TenantShare>();
  const share = (merchantId: string) => {
    let s = by.get(merchantId);
    if (!s) by.set(merchantId, (s = { merchantId, confirmedCollections: 0, collectionCount: 0, fees: 0, stampDuty: 0 }));
    return s;
  };
  share(statementMerchant);
  for (const c of collections) {
    const s = share(c.merchantId);
    s.confirmedCollections += c.amount;
    s.collectionCount += 1;
  }
  for (const l of lines) {
    const s = share(l.merchantId);
    if (l.taxable) s.fees += l.amount;
    else s.stampDuty += l.amount;
  }
  return [...by.values()].sort((a, b) => (a.merchantId < b.merchantId ? -1 : a.merchantId > b.merchantId ? 1 : 0));
}
